-- One pandoc process converting a series of Markdown documents (`pandoc lua pandoc_worker.lua`).
--
-- Each request is one line of JSON on stdin:
--   {"input": "a.md", "json": "a.json", "typst": "a.typ",
--    "typst_template": "/path/report.typ", "toc": false, "toc_depth": 3,
--    "number_sections": false}
-- ("json" and "typst" are optional: the files to write). The document is read once with
-- pandoc's Markdown reader and written with the same writers and options the pandoc command
-- line uses, so the results are the bytes `pandoc --to=json` and
-- `pandoc --to=typst --standalone --template=...` write. Each request is answered with one line:
-- "ok", or "error <message>". A process of its own for every document pays pandoc's start-up
-- work (most of the time it takes for a scorecard) again each time; this pays it once.

local templates = {}

local function template(path)
  if templates[path] == nil then
    local file = assert(io.open(path, "r"))
    local text = file:read("a")
    file:close()
    templates[path] = pandoc.template.compile(text, path)
  end
  return templates[path]
end

local function read_file(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("a")
  file:close()
  return text
end

local function write_file(path, text)
  local file = assert(io.open(path, "w"))
  file:write(text)
  file:close()
end

local function convert(request)
  local doc = pandoc.read(read_file(request.input), "markdown")
  if request.json then
    -- The command line ends its output with a newline; pandoc.write does not.
    write_file(request.json, pandoc.write(doc, "json") .. "\n")
  end
  if request.typst then
    local options = {
      template = template(request.typst_template),
      table_of_contents = request.toc == true,
      toc_depth = request.toc_depth or 3,
      number_sections = request.number_sections == true,
    }
    write_file(request.typst, pandoc.write(doc, "typst", options))
  end
end

for line in io.lines() do
  local ok, err = pcall(function()
    convert(pandoc.json.decode(line, false))
  end)
  if ok then
    io.write("ok\n")
  else
    io.write("error " .. tostring(err):gsub("\n", " ") .. "\n")
  end
  io.stdout:flush()
end
