# The built server on a free loopback port, started and stopped by its PID: shared by the e2e,
# .http and reliability scripts. Sourced. MOCKAPI_DLL overrides the dll; MOCKAPI_READY_TIMEOUT
# (seconds, default 60) bounds the wait for /readyz. MOCKAPI_STORE_ETCD=URL,URL,… runs the server on
# that etcd cluster instead of the SQLite file, under a prefix named after the file (so a restart
# on the same "file" finds its data).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVER_PID=""

# The Release dll (MOCKAPI_DLL overrides), built when missing.
server_dll() {
  local dll="${MOCKAPI_DLL:-$REPO_ROOT/src/MockApiServer/bin/Release/net10.0/MockApiServer.dll}"
  if [[ ! -f "$dll" ]]; then
    [[ -z "${MOCKAPI_DLL:-}" ]] || { echo "MOCKAPI_DLL=$dll does not exist" >&2; return 2; }
    echo "building the server (no $dll yet)" >&2
    (cd "$REPO_ROOT" && dotnet build -c Release src/MockApiServer >&2)
  fi
  echo "$dll"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server URL DB LOG [extra switches...]: starts "$DLL" and waits for /readyz.
start_server() {
  local url="$1" db="$2" log="$3"
  shift 3
  local store=(--db "$db")
  if [[ -n "${MOCKAPI_STORE_ETCD:-}" ]]; then
    store=(--etcd-servers "$MOCKAPI_STORE_ETCD" --etcd-prefix "/mockapi-$(printf '%s' "$db" | cksum | cut -d' ' -f1)")
  fi
  dotnet "$DLL" --urls "$url" "${store[@]}" "$@" >>"$log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + ${MOCKAPI_READY_TIMEOUT:-60}))
  until [[ "$(curl -s --max-time 1 "$url/readyz" || true)" == ok ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the server exited before it was ready; last log lines:" >&2
      tail -n 30 "$log" >&2
      SERVER_PID=""
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "/readyz did not answer ok in time" >&2
      return 1
    fi
    sleep 0.05
  done
}

kill_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$SERVER_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  fi
  kill_server
}
