# The golden whole-site tests (tests/regress.sh, `make regress`): the demo
# organisation and the hostile one, built into an empty output with an empty
# cache at a fixed SOURCE_DATE_EPOCH, write exactly the files, diagnostics,
# exit status and model kept in tests/golden/.  One check per organisation,
# one more per file that differs (with a short diff of the first ones).
. "$(dirname "$0")/../lib.sh"
TMPDIR=$TMP CAIRN=$CAIRN sh "$TOP/tests/regress.sh" "$(dirname "$CAIRN")"
