# Generated from harnesses/qwen/harness.yaml: render config files, export variables, exec the CLI.
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
render /opt/hbench/harness/files/0 "$HOME/.qwen/settings.json"
export OPENAI_API_KEY="sk-hbench"
export QWEN_CODE_SUPPRESS_YOLO_WARNING="1"
exec "qwen" "--yolo" "-o" "stream-json" "${P_prompt}"
