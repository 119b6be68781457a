"""The exit codes of the `mediacoop` command line (README: "Exit codes")."""

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_GATE_BLOCKED = 3
EXIT_BUSY = 4
