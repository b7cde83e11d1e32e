# Runs inside the sandbox-like container of test/egress/egress.test.ts: one
# network attempt per call, printed as one JSON line. Only addresses the test
# names are ever contacted.
import base64, json, os, socket, ssl, struct, sys, time, urllib.error, urllib.parse, urllib.request

def out(**kw):
    print(json.dumps(kw))
    sys.exit(0)

mode = sys.argv[1]
unverified = ssl._create_unverified_context()

def read_all(s):
    data = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data.decode(errors='replace')
        data += chunk

def proxy_parts(var):
    u = urllib.parse.urlsplit(os.environ[var])
    return u.hostname, u.port, urllib.parse.unquote(u.username or ''), urllib.parse.unquote(u.password or '')

if mode == 'get':
    # urllib reads HTTP_PROXY / HTTPS_PROXY like curl, pip and git do.
    try:
        r = urllib.request.urlopen(sys.argv[2], timeout=15, context=unverified)
        out(status=r.status, body=r.read().decode())
    except urllib.error.HTTPError as e:
        out(status=e.code, body=e.read().decode())
    except Exception as e:
        out(error=repr(e))

if mode == 'host-header':
    # An absolute-form request whose Host header names another host.
    host, port, user, pw = proxy_parts('HTTP_PROXY')
    s = socket.create_connection((host, port), timeout=10)
    auth = base64.b64encode(f'{user}:{pw}'.encode()).decode()
    s.sendall(f'GET {sys.argv[2]} HTTP/1.1\r\nHost: {sys.argv[3]}\r\nProxy-Authorization: Basic {auth}\r\nConnection: close\r\n\r\n'.encode())
    text = read_all(s)
    out(head=text.split('\r\n')[0], body=text.split('\r\n\r\n', 1)[-1])

if mode == 'connect-sni':
    # CONNECT target, then TLS with the given server name, then one GET.
    target, sni = sys.argv[2], sys.argv[3]
    host, port, user, pw = proxy_parts('HTTPS_PROXY')
    s = socket.create_connection((host, port), timeout=10)
    auth = base64.b64encode(f'{user}:{pw}'.encode()).decode()
    s.sendall(f'CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nProxy-Authorization: Basic {auth}\r\n\r\n'.encode())
    head = s.recv(4096).decode(errors='replace')
    if not head.startswith('HTTP/1.1 200'):
        out(connect=head.split('\r\n')[0])
    try:
        t = unverified.wrap_socket(s, server_hostname=sni)
        t.sendall(f'GET / HTTP/1.1\r\nHost: {sni}\r\nConnection: close\r\n\r\n'.encode())
        out(connect='200', body=t.recv(65536).decode(errors='replace'))
    except Exception as e:
        out(connect='200', error=repr(e))

if mode == 'socks':
    # SOCKS5 with the command's credential (ALL_PROXY), CONNECT by name, one GET.
    name, port = sys.argv[2], int(sys.argv[3])
    host, pport, user, pw = proxy_parts('ALL_PROXY')
    s = socket.create_connection((host, pport), timeout=10)
    s.sendall(b'\x05\x01\x02')
    if s.recv(2) != b'\x05\x02':
        out(error='no user/pass method')
    s.sendall(bytes([1, len(user)]) + user.encode() + bytes([len(pw)]) + pw.encode())
    if s.recv(2) != b'\x01\x00':
        out(error='auth refused')
    s.sendall(b'\x05\x01\x00\x03' + bytes([len(name)]) + name.encode() + struct.pack('>H', port))
    reply = s.recv(10)
    if reply[1] != 0:
        out(reply=reply[1])
    s.sendall(f'GET / HTTP/1.1\r\nHost: {name}:{port}\r\nConnection: close\r\n\r\n'.encode())
    out(reply=0, body=read_all(s).split('\r\n\r\n', 1)[-1])

if mode == 'tcp':
    # A direct connection, around the proxy.
    try:
        socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=float(sys.argv[4]) if len(sys.argv) > 4 else 3)
        out(connected=True)
    except Exception as e:
        out(connected=False, error=repr(e))

if mode == 'resolve':
    try:
        out(resolved=socket.getaddrinfo(sys.argv[2], 80)[0][4][0])
    except Exception as e:
        out(resolved=None, error=repr(e))

if mode == 'udp':
    # UDP to an address and port; reports whether sending failed locally and whether anything came back.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    try:
        s.sendto(sys.argv[4].encode(), (sys.argv[2], int(sys.argv[3])))
        sent = True
    except Exception as e:
        out(sent=False, error=repr(e))
    try:
        out(sent=True, answer=s.recv(512).hex())
    except Exception as e:
        out(sent=True, answer=None, error=repr(e))

if mode == 'dns-query':
    # A raw DNS query for a name to the engine's embedded resolver (127.0.0.11).
    name = sys.argv[2]
    q = struct.pack('>HHHHHH', 0x1234, 0x0100, 1, 0, 0, 0) + b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\x00' + struct.pack('>HH', 1, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.sendto(q, ('127.0.0.11', 53))
    try:
        a = s.recv(512)
        out(rcode=a[3] & 0x0f, answers=struct.unpack('>H', a[6:8])[0])
    except Exception as e:
        out(rcode=None, error=repr(e))

out(error='unknown mode ' + mode)
