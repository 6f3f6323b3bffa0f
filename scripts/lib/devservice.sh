# Shared helpers for scripts/neo4j-dev and scripts/fuseki-dev (sourced, not run).
#
# A dev service is a JVM process started in the background from a classpath that Maven
# resolves (and caches in ~/.m2) from a pom.xml under scripts/. Its state lives in
# .services/NAME/ (gitignored): pid, port, classpath, log. `stop` ends only the recorded
# PID, and only when that PID still runs our command line (a reused PID is left alone).
#
# Environment:
#   DEV_SERVICES_DIR  where state folders go (default: .services/ at the repository root)
#   DEV_JAVA          java executable to use (default: $JAVA_HOME/bin/java, else `java`)
#   DEV_MAVEN_FLAGS   extra flags for mvn, e.g. "-o" (offline) or "-Dmaven.repo.local=DIR"

set -euo pipefail

SVC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

svc_die() { echo "$SVC_NAME-dev: $*" >&2; exit 1; }
svc_say() { echo "$SVC_NAME-dev: $*" >&2; }

# svc_init NAME MARKER: state folder .services/NAME; MARKER is a string that appears in the
# server's command line and nowhere else, used to recognise our process.
svc_init() {
    SVC_NAME="$1"
    SVC_MARKER="$2"
    SVC_DIR="${DEV_SERVICES_DIR:-$SVC_ROOT/.services}/$1"
    mkdir -p "$SVC_DIR"
    chmod 700 "$(dirname "$SVC_DIR")" "$SVC_DIR"
    SVC_PIDFILE="$SVC_DIR/pid"
    SVC_LOG="$SVC_DIR/server.log"
}

# svc_java MIN MAX: prints the java command; fails unless its major version is in [MIN, MAX].
svc_java() {
    local java="${DEV_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}" major
    command -v "$java" >/dev/null || svc_die "no java found (set DEV_JAVA or JAVA_HOME; need Java $1..$2)"
    major="$("$java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
    if [[ -z "$major" || "$major" -lt "$1" || "$major" -gt "$2" ]]; then
        svc_die "$java is Java ${major:-?}; need Java $1..$2 (set DEV_JAVA to another JDK, see /usr/lib/jvm)"
    fi
    echo "$java"
}

# svc_classpath POM: prints the classpath of POM's dependencies. Maven runs only when the
# pom changed since the last resolution or a cached jar went missing.
svc_classpath() {
    local pom="$1" cpfile="$SVC_DIR/classpath" keyfile="$SVC_DIR/classpath.key" key jar
    key="$(sha256sum "$pom" | cut -d' ' -f1) ${DEV_MAVEN_FLAGS:-}"
    if [[ -s "$cpfile" && -f "$keyfile" && "$(cat "$keyfile")" == "$key" ]]; then
        local ok=1
        IFS=: read -r -a jars < "$cpfile"
        for jar in "${jars[@]}"; do [[ -f "$jar" ]] || { ok=0; break; }; done
        if [[ $ok == 1 ]]; then cat "$cpfile"; return; fi
    fi
    command -v mvn >/dev/null || svc_die "mvn not found; install Maven (Debian package maven)"
    svc_say "resolving dependencies of ${pom#"$SVC_ROOT"/} with Maven (cached in the local Maven repository)"
    # shellcheck disable=SC2086  # DEV_MAVEN_FLAGS is a list of flags
    if ! mvn -B -q ${DEV_MAVEN_FLAGS:-} -f "$pom" dependency:build-classpath \
            -Dmdep.outputFile="$cpfile.tmp" >"$SVC_DIR/maven.log" 2>&1; then
        tail -n 30 "$SVC_DIR/maven.log" >&2
        svc_die "Maven could not resolve ${pom#"$SVC_ROOT"/} (full log: $SVC_DIR/maven.log)"
    fi
    mv "$cpfile.tmp" "$cpfile"
    echo "$key" > "$keyfile"
    cat "$cpfile"
}

# svc_pid: prints the recorded PID if that process is alive and is ours; else nothing.
svc_pid() {
    local pid
    [[ -f "$SVC_PIDFILE" ]] || return 0
    pid="$(cat "$SVC_PIDFILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$SVC_MARKER"; then
        echo "$pid"
    fi
}

# svc_port_free PORT: true when nothing listens on 127.0.0.1:PORT.
svc_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# svc_port ENVVAR DEFAULT: the port to use. ENVVAR wins; then the port recorded in an
# earlier start; then DEFAULT if free; else a free port the kernel picks.
svc_port() {
    local wanted="${!1:-}" portfile="$SVC_DIR/port"
    if [[ -n "$wanted" ]]; then echo "$wanted" > "$portfile"; echo "$wanted"; return; fi
    if [[ -s "$portfile" ]] && svc_port_free "$(cat "$portfile")"; then cat "$portfile"; return; fi
    if svc_port_free "$2"; then wanted="$2"; else
        wanted="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    fi
    echo "$wanted" > "$portfile"
    echo "$wanted"
}

# svc_launch CMD...: starts CMD detached (own session, survives this shell), records its PID.
svc_launch() {
    : > "$SVC_LOG"
    setsid "$@" >>"$SVC_LOG" 2>&1 < /dev/null &
    echo $! > "$SVC_PIDFILE"
}

# svc_wait_ready TIMEOUT PROBE...: runs PROBE until it succeeds; fails (and stops the server)
# when the process dies or TIMEOUT seconds pass.
svc_wait_ready() {
    local timeout="$1" start=$SECONDS pid
    shift
    pid="$(cat "$SVC_PIDFILE")"
    until "$@" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$SVC_LOG" >&2
            rm -f "$SVC_PIDFILE"
            svc_die "the server exited during start-up (log: $SVC_LOG)"
        fi
        if (( SECONDS - start > timeout )); then
            tail -n 40 "$SVC_LOG" >&2
            svc_stop
            svc_die "not ready after ${timeout}s; stopped it (log: $SVC_LOG)"
        fi
        sleep 1
    done
    svc_say "ready in $((SECONDS - start))s (pid $pid, log $SVC_LOG)"
}

# svc_stop: ends the recorded process (TERM, then KILL after 60 s), only if it is ours.
svc_stop() {
    local pid
    pid="$(svc_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$SVC_PIDFILE"
        svc_say "not running"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
        svc_say "pid $pid ignored SIGTERM for 60s; sending SIGKILL"
        kill -KILL "$pid"
    fi
    rm -f "$SVC_PIDFILE"
    svc_say "stopped (pid $pid)"
}

# svc_status: prints running/not running; exit status 0 when running, 3 when not.
svc_status() {
    local pid
    pid="$(svc_pid)"
    if [[ -n "$pid" ]]; then
        echo "$SVC_NAME: running (pid $pid, port $(cat "$SVC_DIR/port"))"
        return 0
    fi
    echo "$SVC_NAME: not running"
    return 3
}
