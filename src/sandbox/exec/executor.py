#!/usr/bin/env python3
#
# The executor that stays alive inside the container: it reads one JSON request
# per line on stdin and answers in binary frames on stdout, so a warm command
# costs one round trip over an already attached stream instead of an exec
# create/start/inspect (about 1.5 ms against about 45 ms, NOTES.md).
#
# Frame: 1 byte kind, 4 byte id (big endian), 4 byte length, payload.
# Kinds: R ready (id 0), O stdout bytes, E stderr bytes, F failed to start
# (JSON {error}), X exit (JSON {code, signal, timedOut, truncated}), J the
# answer to a file operation (JSON {ok, result} or {ok:false, error, errno}).
# Requests: {"op":"run","id":N,"argv":[…],"cwd":…,"env":{…},"timeoutMs":N,"capBytes":N},
# {"op":"kill","id":N}, and {"op":"fs","id":N,"action":…} — file operations
# on the workspace as the sandbox sees it (the shadow layer), confined to
# /workspace after symlinks are resolved.
#
# Each command gets a fresh, empty home folder under /home/sandbox/homes,
# removed when it ends: nothing one command leaves in ~ runs in the next.
#
# Every command runs in its own session (so a timeout kills the whole process
# group) and carries CLAWDOCK_RUN=<token> in its environment, so children that
# left the group are still found and killed, and the idle watchdog sees work.
#
import base64, ctypes, hashlib, json, os, re, select, shutil, signal, stat, struct, subprocess, sys, tempfile, threading, time
out = sys.stdout.buffer
lock = threading.Lock()
# Held while a command is spawned and registered, and while orphans are looked
# for, so a command being born is never mistaken for an orphan.
spawn_lock = threading.Lock()
HEARTBEAT = os.environ.get('CLAWDOCK_EXECUTOR_HEARTBEAT', '/run/clawdock/heartbeat')
# Overridable only for the host-side tests of this file; the container never sets them.
HOMES = os.environ.get('CLAWDOCK_EXECUTOR_HOMES', '/home/sandbox/homes')
ROOT = os.environ.get('CLAWDOCK_EXECUTOR_ROOT', '/workspace')
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

def children():
    # The executor's children, from each of its threads' lists: a few small
    # reads instead of every process's stat. None where the kernel keeps no
    # such list (CONFIG_PROC_CHILDREN), and the whole of /proc is read instead.
    found = []
    try:
        for tid in os.listdir('/proc/self/task'):
            with open('/proc/self/task/' + tid + '/children') as f:
                found.extend(int(pid) for pid in f.read().split())
    except (OSError, ValueError):
        return None
    return found

def orphans():
    me = os.getpid()
    mains = set(entry[0].pid for entry in procs.values())
    listed = children()
    if listed is not None:
        return [pid for pid in listed if pid not in mains]
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
    home = None
    if os.path.isdir(HOMES):
        try:
            home = tempfile.mkdtemp(prefix='h-', dir=HOMES)
            env['HOME'] = home
        except OSError:
            home = None
    try:
        run_in(req, rid, token, env, cap, state)
    finally:
        if home:
            shutil.rmtree(home, ignore_errors=True)

def run_in(req, rid, token, env, cap, state):
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
    while not wait_exit(p, 5 if deadline is None else max(0.0, min(5, deadline - time.monotonic()))):
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

def wait_exit(p, seconds):
    # Waits up to `seconds` for the command to end; True once it has (and is
    # reaped). A pidfd wakes us the moment it exits: Popen.wait(timeout) polls
    # with sleeps that grow from 0.5 ms, which added milliseconds to every
    # short command. Where the kernel or the seccomp profile has no pidfd_open,
    # that polling wait is the fallback.
    try:
        fd = os.pidfd_open(p.pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        try:
            ready, _, _ = select.select([fd], [], [], seconds)
        finally:
            os.close(fd)
        if ready:
            p.wait()
            return True
        return p.poll() is not None
    try:
        p.wait(timeout=seconds)
        return True
    except subprocess.TimeoutExpired:
        return False

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

class FsError(Exception):
    pass

def inside(path):
    # The path as given must be absolute under /workspace, and so must what it resolves to.
    if not isinstance(path, str) or '\0' in path or not (path == ROOT or path.startswith(ROOT + '/')):
        raise FsError('not a /workspace path: %r' % (path,))
    return path

def confined(path, follow_final=True):
    inside(path)
    parent, name = os.path.split(path.rstrip('/')) if path != ROOT else (ROOT, '')
    real_parent = os.path.realpath(parent)
    if not (real_parent == ROOT or real_parent.startswith(ROOT + '/')):
        raise FsError('%s leads outside /workspace (to %s)' % (path, real_parent))
    target = os.path.join(real_parent, name) if name else real_parent
    if follow_final and os.path.islink(target):
        real = os.path.realpath(target)
        if not (real == ROOT or real.startswith(ROOT + '/')):
            raise FsError('%s is a link out of /workspace (to %s)' % (path, real))
        target = real
    return target

def describe(p):
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    m = st.st_mode
    kind = 'dir' if stat.S_ISDIR(m) else 'file' if stat.S_ISREG(m) else 'symlink' if stat.S_ISLNK(m) else 'other'
    d = {'type': kind, 'size': st.st_size, 'mode': stat.S_IMODE(m), 'mtimeMs': st.st_mtime * 1000}
    if kind == 'symlink':
        d['target'] = os.readlink(p)
    return d

def rel(p):
    return '.' if p == ROOT else p[len(ROOT) + 1:]

def fs_lstat(req):
    return [describe(inside(p)) for p in req['paths']]

def fs_read(req):
    p = confined(req['path'])
    offset = int(req.get('offset') or 0)
    limit = int(req.get('limit') or 1048576)
    h = hashlib.sha256()
    out = b''
    head = b''
    size = 0
    with open(p, 'rb') as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise FsError('%s is not a regular file' % rel(p))
        while True:
            chunk = f.read(1048576)
            if not chunk:
                break
            if size + len(chunk) > offset and len(out) < limit:
                start = max(0, offset - size)
                out += chunk[start:start + (limit - len(out))]
            if size < 8000:
                head += chunk[:8000 - size]
            size += len(chunk)
            h.update(chunk)
    return {'path': rel(p), 'data': base64.b64encode(out).decode(), 'size': size, 'sha256': h.hexdigest(), 'mode': stat.S_IMODE(st.st_mode),
            'binary': b'\0' in head}

def fs_write(req):
    p = confined(req['path'], follow_final=True)
    parent = os.path.dirname(p)
    if req.get('createParents'):
        os.makedirs(parent, exist_ok=True)
        confined(p)
    data = base64.b64decode(req['data'])
    before = describe(p)
    current = None
    if before is not None and before['type'] == 'file':
        with open(p, 'rb') as f:
            current = hashlib.sha256(f.read()).hexdigest()
    elif before is not None:
        current = 'not-a-file'
    expected = req.get('expectedSha256', 'any')
    if expected != 'any' and current != expected:
        raise FsError('%s changed since it was read; refused to overwrite it' % rel(p))
    mode = req.get('mode')
    if mode is None:
        mode = before['mode'] if before is not None and before['type'] == 'file' else 0o644
    fd, tmp = tempfile.mkstemp(prefix='.clawdock-', dir=parent)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        os.chmod(tmp, int(mode) & 0o777)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return {'path': rel(p), 'bytes': len(data), 'sha256': hashlib.sha256(data).hexdigest(), 'created': before is None,
            'beforeSha256': current if current != 'not-a-file' else None}

def fs_remove(req):
    p = confined(req['path'], follow_final=False)
    d = describe(p)
    if d is None:
        return {'removed': False}
    if d['type'] == 'dir':
        if req.get('recursive'):
            shutil.rmtree(p)
        else:
            os.rmdir(p)
    else:
        os.unlink(p)
    return {'removed': True}

def fs_chmod(req):
    p = confined(req['path'], follow_final=False)
    if os.path.islink(p):
        raise FsError('%s is a link; its mode is not its own' % rel(p))
    os.chmod(p, int(req['mode']) & 0o777)
    return {}

def fs_symlink(req):
    p = confined(req['path'], follow_final=False)
    parent = os.path.dirname(p)
    tmp = os.path.join(parent, '.clawdock-link-%s' % os.urandom(6).hex())
    os.symlink(req['target'], tmp)
    os.replace(tmp, p)
    return {}

def fs_mkdir(req):
    p = confined(req['path'], follow_final=False)
    os.makedirs(p, mode=int(req.get('mode') or 0o755), exist_ok=True)
    return {}

def fs_list(req):
    top = confined(req['path'])
    limit = int(req.get('limit') or 1000)
    recursive = bool(req.get('recursive'))
    include_git = bool(req.get('includeGit'))
    entries = []
    truncated = False
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        subdirs = []
        for name in names:
            p = os.path.join(d, name)
            info = describe(p)
            if info is None:
                continue
            if len(entries) >= limit:
                truncated = True
                stack = []
                break
            entries.append({'path': rel(p), 'type': info['type'], 'size': info['size'], 'mode': info['mode'], 'mtimeMs': info['mtimeMs']})
            if recursive and info['type'] == 'dir' and (include_git or name != '.git'):
                subdirs.append(p)
        stack.extend(reversed(subdirs))
    return {'path': rel(top), 'entries': entries, 'truncated': truncated}

def fs_search(req):
    top = confined(req['path'])
    pattern = req['pattern']
    limit = int(req.get('limit') or 200)
    max_bytes = int(req.get('maxBytes') or 1048576)
    matches = []
    truncated = False
    rg = shutil.which('rg')
    if rg:
        argv = [rg, '--json', '--no-config', '--max-filesize', str(max_bytes), '--glob', '!.git', '-e', pattern]
        if not req.get('regex'):
            argv.insert(2, '--fixed-strings')
        if req.get('ignoreCase'):
            argv.insert(2, '--ignore-case')
        if req.get('glob'):
            argv += ['--glob', req['glob']]
        argv.append(top)
        try:
            p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=float(req.get('timeoutSeconds') or 20), cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {'matches': matches, 'truncated': True}
        for line in p.stdout.splitlines():
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            if ev.get('type') != 'match':
                continue
            data = ev['data']
            path = data['path'].get('text')
            text = data['lines'].get('text')
            if path is None or text is None:
                continue
            subs = data.get('submatches') or [{}]
            start = subs[0].get('start', 0)
            column = len(text.encode('utf-8')[:start].decode('utf-8', 'replace'))
            matches.append({'path': rel(os.path.normpath(path)), 'line': data['line_number'], 'column': column, 'text': text.rstrip('\n')[:500]})
            if len(matches) >= limit:
                truncated = True
                break
        return {'matches': matches, 'truncated': truncated}
    rx = re.compile(pattern if req.get('regex') else re.escape(pattern), re.IGNORECASE if req.get('ignoreCase') else 0)
    for entry in fs_list({'path': req['path'], 'recursive': True, 'limit': 200000})['entries']:
        if entry['type'] != 'file' or entry['size'] > max_bytes:
            continue
        try:
            with open(os.path.join(ROOT, entry['path']), 'rb') as f:
                content = f.read()
        except OSError:
            continue
        if b'\0' in content[:8192]:
            continue
        for n, line in enumerate(content.decode('utf-8', 'replace').split('\n'), 1):
            m = rx.search(line)
            if m:
                matches.append({'path': entry['path'], 'line': n, 'column': m.start(), 'text': line[:500]})
                if len(matches) >= limit:
                    return {'matches': matches, 'truncated': True}
    return {'matches': matches, 'truncated': False}

def fs_manifest(req):
    # Every entry under the root, never following a link: the copy layer's
    # change detection compares it with the one taken when it was seeded.
    top = inside(req.get('path') or ROOT)
    limit = int(req.get('limit') or 500000)
    entries = {}
    truncated = False
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for name in names:
            p = os.path.join(d, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if len(entries) >= limit:
                truncated = True
                stack = []
                break
            m = st.st_mode
            kind = 'dir' if stat.S_ISDIR(m) else 'file' if stat.S_ISREG(m) else 'symlink' if stat.S_ISLNK(m) else 'other'
            row = [kind, st.st_size, stat.S_IMODE(m), st.st_mtime_ns, st.st_ctime_ns]
            if kind == 'symlink':
                row.append(os.readlink(p))
            entries[rel(p)] = row
            if kind == 'dir':
                stack.append(p)
    return {'entries': entries, 'truncated': truncated}

def fs_hash(req):
    out = []
    for path in req['paths']:
        p = inside(path)
        try:
            fd = os.open(p, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            out.append(None)
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                out.append(None)
                continue
            h = hashlib.sha256()
            head = b''
            while True:
                chunk = os.read(fd, 1048576)
                if not chunk:
                    break
                if len(head) < 8000:
                    head += chunk[:8000 - len(head)]
                h.update(chunk)
            out.append({'sha256': h.hexdigest(), 'binary': b'\0' in head})
        finally:
            os.close(fd)
    return out

FS_ACTIONS = {'lstat': fs_lstat, 'read': fs_read, 'write': fs_write, 'remove': fs_remove, 'chmod': fs_chmod,
              'symlink': fs_symlink, 'mkdir': fs_mkdir, 'list': fs_list, 'search': fs_search,
              'manifest': fs_manifest, 'hash': fs_hash}

def fs_op(req):
    rid = req.get('id')
    try:
        action = FS_ACTIONS.get(req.get('action'))
        if action is None:
            raise FsError('unknown file operation %r' % (req.get('action'),))
        payload = {'ok': True, 'result': action(req)}
    except (FsError, OSError, ValueError, KeyError, TypeError, re.error) as e:
        payload = {'ok': False, 'error': str(e), 'errno': getattr(e, 'errno', None)}
    send(b'J', rid, json.dumps(payload).encode())

RUN_DIR = os.path.dirname(HEARTBEAT)

def register():
    # The container's health check (container-spec.ts) looks here: every
    # executor that registered must still be alive. Files of executors that
    # died without saying so are cleared first, so only live ones count.
    for name in os.listdir(RUN_DIR):
        if name.startswith('executor-'):
            try:
                os.kill(int(name[len('executor-'):]), 0)
            except (ValueError, ProcessLookupError):
                try:
                    os.unlink(os.path.join(RUN_DIR, name))
                except OSError:
                    pass
            except PermissionError:
                pass
    path = os.path.join(RUN_DIR, 'executor-%d' % os.getpid())
    open(path, 'w').close()
    return path

def main():
    become_subreaper()
    registered = None
    try:
        os.makedirs(RUN_DIR, exist_ok=True)
        registered = register()
    except OSError:
        pass
    touch()
    send(b'R', 0, json.dumps({'pid': os.getpid()}).encode())
    try:
        serve()
    finally:
        if registered:
            try:
                os.unlink(registered)
            except OSError:
                pass

def serve():
    for line in sys.stdin.buffer:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        touch()
        op = req.get('op')
        if op == 'run':
            threading.Thread(target=run, args=(req,), daemon=True).start()
        elif op == 'fs':
            threading.Thread(target=fs_op, args=(req,), daemon=True).start()
        elif op == 'kill':
            entry = procs.get(req.get('id'))
            if entry:
                entry[2]['timedOut'] = bool(req.get('timedOut'))
            kill(req.get('id'))
    for rid in list(procs):
        kill(rid)

main()
