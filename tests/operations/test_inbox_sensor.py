"""The inbox sensor evaluated with Dagster's test context: a new or changed file starts a load
of its source and the rebuild downstream; an unchanged file, however touched, never does."""

import json
import os
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from code_location import definitions

from orchestration import jobs, partitions
from orchestration.sensors import inbox_sensor

SETTLED = time.time() - 3600  # an hour ago: long finished copying


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "inbox"
    for name, text in {
        "contracts/hop-dong-2025.csv": "Số hợp đồng,Cơ quan báo chí\n01/2025,Báo Hải Phòng\n",
        "coverage/tin-bai-01.csv": "Cơ quan báo chí,Ngày đăng,Tiêu đề\nBáo HP,01/01/2025,Tin 1\n",
        "coverage/README.txt": "not data: never watched",
    }.items():
        write(folder / name, text)
    monkeypatch.setenv("MEDIACOOP_INBOX", str(folder))
    return folder


def model_keys() -> set[dg.AssetKey]:
    return jobs.MODELS.resolve(definitions().get_repository_def().asset_graph)


@pytest.fixture(autouse=True)
def warehouse(tmp_path, monkeypatch) -> Path:
    """A published warehouse that has every model (empty tables stand in for them)."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        for key in model_keys():
            schema, table = key.path
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            con.execute(f'CREATE TABLE "{schema}"."{table}" (placeholder INTEGER)')
    monkeypatch.setenv("MEDIACOOP_WAREHOUSE", str(path))
    return path


def write(path: Path, text: str, mtime: float = SETTLED) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def evaluate(cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor, definitions=definitions())
    data = inbox_sensor.evaluate_tick(context)
    return list(data.run_requests or []), data.cursor


def keys(request: dg.RunRequest) -> set[str]:
    return {key.to_user_string() for key in request.asset_selection}


def test_the_first_look_loads_every_source_with_files(inbox):
    (request,), cursor = evaluate(None)
    selected = keys(request)
    assert {"raw/contracts", "raw/coverage"} <= selected
    assert "raw/agencies" not in selected and "raw/payments" not in selected
    # the models downstream of what changed, and nothing past the models
    assert {"marts/fct_coverage", "marts/mart_budget", "staging/stg_inbox__coverage"} <= selected
    assert "staging/stg_inbox__agencies" not in selected
    assert {"seeds/themes", "seeds/agreed_unit_prices"} <= selected  # a new warehouse needs them
    assert not any(key.startswith(("quality/", "settlement/", "reports/")) for key in selected)
    assert request.partition_key == partitions.month_key(partitions.local_now().date())
    assert request.tags["mediacoop/sources"] == "contracts,coverage"
    files = json.loads(cursor)["files"]
    assert set(files) == {"contracts/hop-dong-2025.csv", "coverage/tin-bai-01.csv"}
    assert len(files["coverage/tin-bai-01.csv"][0]) == 64  # the sha256 of the file


def test_models_the_warehouse_lacks_are_built_too(inbox, warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP TABLE marts.dim_theme")  # built from seeds only, never downstream
    (request,), _ = evaluate(None)
    assert "marts/dim_theme" in keys(request)
    assert "marts/mart_index_trends" not in keys(request)  # indices did not change; it exists


def test_a_warehouse_built_from_nothing_gets_every_model(inbox, warehouse):
    warehouse.unlink()
    (request,), _ = evaluate(None)
    # everything the changed sources' models are built from, payments (no file yet) included
    assert {"marts/dim_theme", "staging/stg_inbox__payments", "marts/mart_budget"} <= keys(request)
    assert "marts/mart_index_trends" not in keys(request)  # nothing to do with these files


def test_selected_assets_belong_to_the_job_it_runs(inbox):
    (request,), _ = evaluate(None)
    graph = definitions().get_repository_def().asset_graph
    job_assets = {key.to_user_string() for key in jobs.REFRESH.resolve(graph)}
    assert keys(request) <= job_assets
    assert inbox_sensor.job_name == jobs.REFRESH_JOB


def test_an_unchanged_inbox_starts_nothing_even_when_touched(inbox):
    _, cursor = evaluate(None)
    assert evaluate(cursor)[0] == []
    path = inbox / "coverage" / "tin-bai-01.csv"
    write(path, path.read_text(encoding="utf-8"), mtime=SETTLED + 60)  # saved again, same bytes
    requests, touched_cursor = evaluate(cursor)
    assert requests == []
    assert (
        json.loads(touched_cursor)["files"]["coverage/tin-bai-01.csv"][2]
        != json.loads(cursor)["files"]["coverage/tin-bai-01.csv"][2]
    ), "the new modification time is remembered"
    assert evaluate(touched_cursor)[0] == []


def test_a_changed_file_loads_its_source_only(inbox):
    _, cursor = evaluate(None)
    write(
        inbox / "coverage" / "tin-bai-01.csv", "Cơ quan báo chí,Ngày đăng,Tiêu đề\nX,02/01/2025,Y\n"
    )
    (request,), cursor = evaluate(cursor)
    assert "raw/coverage" in keys(request) and "raw/contracts" not in keys(request)
    assert request.tags["mediacoop/sources"] == "coverage"
    assert evaluate(cursor)[0] == []


def test_new_and_removed_files_count_as_changes(inbox):
    _, cursor = evaluate(None)
    write(inbox / "payments" / "chung-tu.csv", "Số chứng từ\nPC-1\n")
    (request,), cursor = evaluate(cursor)
    assert "raw/payments" in keys(request) and "marts/fct_payment" in keys(request)
    (inbox / "contracts" / "hop-dong-2025.csv").unlink()
    (request,), cursor = evaluate(cursor)
    assert request.tags["mediacoop/sources"] == "contracts"
    assert request.partition_key is None, "contracts have no months"
    assert "contracts/hop-dong-2025.csv" not in json.loads(cursor)["files"]


def test_a_file_still_being_copied_waits_until_it_settles(inbox):
    _, cursor = evaluate(None)
    fresh = inbox / "coverage" / "tin-bai-02.csv"
    write(fresh, "Cơ quan báo chí,Ngày đăng,Tiêu đề\n", mtime=time.time())
    assert evaluate(cursor)[0] == []
    os.utime(fresh, (SETTLED, SETTLED))
    (request,), _ = evaluate(cursor)
    assert request.tags["mediacoop/sources"] == "coverage"


def test_a_file_changed_back_loads_again(inbox):
    path = inbox / "coverage" / "tin-bai-01.csv"
    original = path.read_text(encoding="utf-8")
    _, cursor = evaluate(None)
    write(path, original + "Báo HP,03/01/2025,Tin 3\n", mtime=SETTLED + 10)
    (changed,), cursor = evaluate(cursor)
    write(path, original, mtime=SETTLED + 20)  # the analyst restores yesterday's file
    (restored,), cursor = evaluate(cursor)
    assert changed.tags["mediacoop/sources"] == restored.tags["mediacoop/sources"] == "coverage"
    assert evaluate(cursor)[0] == []


def test_the_inbox_description_file_is_watched(inbox):
    _, cursor = evaluate(None)
    write(inbox / "_inbox.json", json.dumps({"demo": True}))
    (request,), _ = evaluate(cursor)
    assert "raw/inbox_meta" in keys(request)


def test_no_inbox_folder_is_a_skip(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIACOOP_INBOX", str(tmp_path / "nowhere"))
    context = dg.build_sensor_context(definitions=definitions())
    data = inbox_sensor.evaluate_tick(context)
    assert not data.run_requests and "nowhere" in data.skip_message


def test_a_changed_review_loads_again_the_sources_it_may_correct(inbox):
    _, cursor = evaluate(None)
    write(
        inbox / "reviews" / "duyet.csv",
        "Hành động,Tệp,Dòng,Cột,Giá trị mới,Người duyệt,Ngày duyệt\n"
        "Sửa giá trị,payments/chung-tu.csv,3,Ngày chi,30/09/2025,Lan,02/10/2025\n",
    )
    (request,), _ = evaluate(cursor)
    selected = keys(request)
    assert {"raw/reviews", "raw/contracts", "raw/payments", "raw/coverage"} <= selected
    assert "marts/fct_payment" in selected
    assert request.tags["mediacoop/sources"] == "reviews"
    # Payments are loaded by month: the run is filed under the month in progress.
    assert request.partition_key == partitions.month_key(partitions.local_now().date())
