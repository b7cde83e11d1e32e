/**
 * The executor that stays alive inside the container: it reads one JSON request
 * per line on stdin and answers in binary frames on stdout, so a warm command
 * costs one round trip over an already attached stream instead of an exec
 * create/start/inspect (about 1.5 ms against about 45 ms, NOTES.md).
 *
 * Frame: 1 byte kind, 4 byte id (big endian), 4 byte length, payload.
 * Kinds: R ready (id 0), O stdout bytes, E stderr bytes, F failed to start
 * (JSON {error}), X exit (JSON {code, signal, timedOut, truncated}).
 * Requests: {"op":"run","id":N,"argv":[…],"cwd":…,"env":{…},"timeoutMs":N,"capBytes":N}
 * and {"op":"kill","id":N}.
 *
 * Every command runs in its own session (so a timeout kills the whole process
 * group) and carries CLAWDOCK_RUN=<token> in its environment, so children that
 * left the group are still found and killed, and the idle watchdog sees work.
 */
export const EXECUTOR_SCRIPT = String.raw`
import ctypes, json, os, signal, struct, subprocess, sys, threading, time
out = sys.stdout.buffer
lock = threading.Lock()
# Held while a command is spawned and registered, and while orphans are looked
# for, so a command being born is never mistaken for an orphan.
spawn_lock = threading.Lock()
HEARTBEAT = '/run/clawdock/heartbeat'
procs = {}
# Ids whose kill arrived before their command was registered.
killed = set()

def send(kind, rid, payload=b''):
    with lock:
        out.write(struct.pack('>cII', kind, rid, len(payload)) + payload)
        out.flush()

def touch():
    try:
        os.utime(HEARTBEAT, None)
    except OSError:
        try:
            open(HEARTBEAT, 'a').close()
        except OSError:
            pass

def sweep(token):
    # Kill every process that still carries this run's marker, wherever it went.
    needle = ('CLAWDOCK_RUN=' + token).encode() + b'\0'
    for name in os.listdir('/proc'):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open('/proc/' + name + '/environ', 'rb') as f:
                if needle in f.read() + b'\0':
                    os.kill(int(name), signal.SIGKILL)
        except OSError:
            pass

def become_subreaper():
    # PR_SET_CHILD_SUBREAPER: a descendant that leaves its session (setsid) and
    # drops its environment is still re-parented to us when its parent dies,
    # so it can be found and killed.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except Exception:
        pass

def orphans():
    me = os.getpid()
    mains = set(entry[0].pid for entry in procs.values())
    found = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/' + name + '/stat') as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me and int(name) not in mains:
            found.append(int(name))
    return found

def reap_orphans():
    # A finished or killed command leaves nothing behind: whatever was adopted
    # by the executor and is not another running command's main process goes.
    with spawn_lock:
        for _ in range(5):
            found = orphans()
            if not found:
                return
            for pid in found:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            for pid in found:
                try:
                    os.waitpid(pid, 0)
                except OSError:
                    pass

def pump(rid, fd, kind, cap, state):
    sent = 0
    while True:
        try:
            b = os.read(fd, 65536)
        except OSError:
            break
        if not b:
            break
        if sent < cap:
            part = b[:cap - sent]
            sent += len(part)
            send(kind, rid, part)
            if len(part) < len(b):
                state['truncated'] = True
        else:
            state['truncated'] = True
    os.close(fd)

def run(req):
    rid = req['id']
    token = req.get('token') or str(rid)
    env = dict(req.get('env') or {})
    env['CLAWDOCK_RUN'] = token
    cap = int(req.get('capBytes') or 1048576)
    state = {'truncated': False, 'timedOut': False}
    with spawn_lock:
        if rid in killed:
            killed.discard(rid)
            send(b'X', rid, json.dumps({'code': 130, 'signal': None, 'timedOut': False, 'truncated': False, 'cancelled': True}).encode())
            return
        try:
            p = subprocess.Popen(req['argv'], cwd=req.get('cwd') or '/workspace', env=env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 start_new_session=True, close_fds=True)
        except Exception as e:
            send(b'F', rid, json.dumps({'error': str(e), 'errno': getattr(e, 'errno', None)}).encode())
            return
        procs[rid] = (p, token, state)
    ofd = os.dup(p.stdout.fileno()); p.stdout.close()
    efd = os.dup(p.stderr.fileno()); p.stderr.close()
    pumps = [threading.Thread(target=pump, args=(rid, ofd, b'O', cap, state), daemon=True),
             threading.Thread(target=pump, args=(rid, efd, b'E', cap, state), daemon=True)]
    for t in pumps:
        t.start()
    timeout = req.get('timeoutMs')
    deadline = time.monotonic() + timeout / 1000.0 if timeout else None
    while True:
        try:
            p.wait(timeout=5 if deadline is None else max(0.0, min(5, deadline - time.monotonic())))
            break
        except subprocess.TimeoutExpired:
            touch()
            if deadline is not None and time.monotonic() >= deadline:
                state['timedOut'] = True
                kill(rid)
    # The command is over: what it left behind in its group or marked with its
    # token goes too, so a finished command never keeps running in the background.
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
    for t in pumps:
        t.join(0.2)
    if any(t.is_alive() for t in pumps):
        sweep(token)
        reap_orphans()
        for t in pumps:
            t.join(2)
    code = p.returncode
    procs.pop(rid, None)
    reap_orphans()
    touch()
    send(b'X', rid, json.dumps({'code': code if code >= 0 else 128 - code, 'signal': -code if code < 0 else None,
                                'timedOut': state['timedOut'], 'truncated': state['truncated']}).encode())

def kill(rid):
    entry = procs.get(rid)
    if not entry:
        with spawn_lock:
            entry = procs.get(rid)
            if not entry:
                killed.add(rid)
                return
    p, token, state = entry
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
    sweep(token)

def main():
    become_subreaper()
    try:
        os.makedirs('/run/clawdock', exist_ok=True)
    except OSError:
        pass
    touch()
    send(b'R', 0, json.dumps({'pid': os.getpid()}).encode())
    for line in sys.stdin.buffer:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        touch()
        op = req.get('op')
        if op == 'run':
            threading.Thread(target=run, args=(req,), daemon=True).start()
        elif op == 'kill':
            entry = procs.get(req.get('id'))
            if entry:
                entry[2]['timedOut'] = bool(req.get('timedOut'))
            kill(req.get('id'))
    for rid in list(procs):
        kill(rid)

main()
`;
