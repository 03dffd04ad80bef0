# Generated from harnesses/opencode/harness.yaml: render config files, export variables, exec the CLI.
set -euo pipefail
export HOME="${HOME:-/home/agent}"
P_prompt="$(cat /opt/hbench/harness/prompt.txt)"
P_model="${HB_MODEL:-}"
P_openai_base_url="${HB_OPENAI_BASE_URL:-}"
P_anthropic_base_url="${HB_ANTHROPIC_BASE_URL:-}"
P_workspace="$PWD"
P_home="$HOME"
P_logs="/home/agent/.hbench/logs"
export HB_LOGS="$P_logs"
mkdir -p "$P_logs"
render() {
  local c
  c="$(cat "$1")"
  c="${c//"{anthropic_base_url}"/"$P_anthropic_base_url"}"
  c="${c//"{home}"/"$P_home"}"
  c="${c//"{logs}"/"$P_logs"}"
  c="${c//"{model}"/"$P_model"}"
  c="${c//"{openai_base_url}"/"$P_openai_base_url"}"
  c="${c//"{prompt}"/"$P_prompt"}"
  c="${c//"{workspace}"/"$P_workspace"}"
  mkdir -p "$(dirname "$2")"
  printf '%s\n' "$c" > "$2"
}
render /opt/hbench/harness/files/0 "$HOME/.config/opencode/opencode.json"
render /opt/hbench/harness/files/1 "$HOME/.config/opencode/.gitignore"
export OPENCODE_DISABLE_AUTOUPDATE="1"
export OPENCODE_DISABLE_DEFAULT_PLUGINS="1"
export OPENCODE_DISABLE_LSP_DOWNLOAD="1"
export OPENCODE_DISABLE_MODELS_FETCH="1"
export OPENCODE_DISABLE_SHARE="1"
set +e
 "opencode" "run" "--pure" "--format" "json" "--title" "hbench" "-m" "hbench/${P_model}" "${P_prompt}"
status=$?
timeout 60 bash -c 'mkdir -p "$HB_LOGS/sessions"
node -e '\''const { DatabaseSync } = require("node:sqlite");
  const db = new DatabaseSync(process.env.HOME + "/.local/share/opencode/opencode.db", { readOnly: true });
  for (const row of db.prepare("select id from session where parent_id is not null").all()) console.log(row.id);'\'' |
while read -r id; do opencode export --pure "$id" > "$HB_LOGS/sessions/$id.json"; done
' >"$P_logs/after.log" 2>&1 || echo "hbench: the harness's after step failed (see agent-logs/after.log)" >&2
exit $status
