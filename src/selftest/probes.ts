// The containment self-test's probes: each tries one way out, as an attacker
// would, against the person's own effective configuration, and says whether
// the attempt was held (blocked or kept in the box), asked (a person would
// have had to approve it), or escaped. Probes that need a container run in a
// throwaway sandbox over a throwaway folder, never the person's own.

/** How one attempt fared. */
export type Containment = 'held' | 'asked' | 'escaped';

/** One attempt and what came of it. */
export interface ProbeOutcome {
  readonly name: string;
  readonly result: Containment;
  readonly detail: string;
}

/** A class of attacks and its attempts; the class fares as its worst attempt. */
export interface ClassReport {
  readonly id: string;
  readonly title: string;
  readonly result: Containment;
  readonly probes: readonly ProbeOutcome[];
}

const RANK: Record<Containment, number> = { held: 0, asked: 1, escaped: 2 };

/** The worst of some outcomes (held for none). */
export function worst(results: readonly Containment[]): Containment {
  return results.reduce<Containment>((w, r) => (RANK[r] > RANK[w] ? r : w), 'held');
}

/** A class report from its probes. */
export function classReport(id: string, title: string, probes: readonly ProbeOutcome[]): ClassReport {
  return { id, title, result: worst(probes.map((p) => p.result)), probes };
}

/**
 * Commands the red-team pass found the policy let through without asking
 * (issue 10), one or two per class; the policy must ask about or refuse each.
 */
export const POLICY_BYPASS_CORPUS: readonly (readonly [string, string])[] = [
  ["test -v 'a[$(touch /tmp/pwned)]'", 'bash evaluates an array subscript in test -v'],
  ["[[ 'a[$(touch /tmp/pwned)]' -eq 1 ]]", 'bash evaluates an array subscript in [[ -eq ]]'],
  ["printf -v 'a[$(touch /tmp/pwned)]' x", 'printf -v evaluates a subscript'],
  ["x='a[$(touch /tmp/pwned)]'; echo $((x))", 'arithmetic on a variable holding command text'],
  ["sh -c 'echo hi; touch /tmp/pwned'", 'a nested shell that is dash, not bash'],
  ['git grep --open-files-in=touch pwned', 'a GNU long-option abbreviation that runs a program'],
  ['sort --com=sh README.md', 'sort --compress-program, abbreviated'],
  ['sort --out=.git/hooks/pre-commit README.md', 'sort writing a host-executed file'],
  ['xargs --max-lines rm < README.md', 'an option with an optional argument shifting the program'],
  ['echo ${x:-`touch /tmp/pwned`}', 'backticks inside ${…}'],
  ['cat <<EOF\n`touch /tmp/pwned`\nEOF', 'backticks in an unquoted heredoc body'],
  ['uniq README.md .vscode/tasks.json', 'a "read-only" program writing through an operand'],
  ['git remote -v add evil http://example.invalid/x', 'git remote -v add changes configuration'],
  ['git branch --sort=refname pwned', 'git branch with a name creates a branch'],
  ['read -r PATH <<< /tmp', 'a sensitive variable set through read'],
  ["export 'BASH_ENV=/tmp/x'", 'a quoted export of BASH_ENV'],
  ['HOME=/tmp git status', 'HOME redirected for git'],
  ['f=.env; cat $f', 'a read-denied name built from a variable'],
  ['grep -f.env README.md', 'a read-denied file attached to an option'],
  ['git show HEAD:.env', 'a read-denied file named as a git object'],
  ['rm -rf /usr/..', 'a deny rule spelt around with ..'],
  ['rm --recur /', 'a deny rule spelt with an abbreviation'],
  ['dd if=/dev/zero of=/dev//sda', 'a device spelt with a double slash'],
];

/** Host-executed plants a command tries from inside the container (path → content). */
export const HOST_EXECUTED_PLANTS: readonly (readonly [string, string])[] = [
  ['.git/config', '[core]\n\trepositoryformatversion = 0\n\tfsmonitor = touch {marker}\n'],
  ['.git/commondir', '../planted\n'],
  ['planted/config', '[core]\n\tfsmonitor = touch {marker}\n'],
  ['sub/.git/config', '[core]\n\tfsmonitor = touch {marker}\n'],
  ['.git/hooks/pre-commit', '#!/bin/sh\ntouch {marker}\n'],
  ['.vscode/tasks.json', '{"version":"2.0.0","tasks":[{"label":"x","type":"shell","command":"touch {marker}","runOptions":{"runOn":"folderOpen"}}]}\n'],
  ['.devcontainer.json', '{"initializeCommand":"touch {marker}"}\n'],
  ['x.code-workspace', '{"folders":[],"settings":{}}\n'],
  ['.husky/pre-commit', 'touch {marker}\n'],
  ['.envrc', 'touch {marker}\n'],
  ['.github/workflows/pwn.yml', 'on: push\njobs: {}\n'],
];

/**
 * A Python probe run inside the sandbox: what the container can reach on the
 * network. Prints one JSON object. `refused` (a reset) means a host answered:
 * the network carries packets; unreachable and timeouts mean it does not.
 */
export const NETWORK_PROBE = String.raw`
import json, socket
out = {}
def gateway():
    try:
        with open('/proc/net/route') as f:
            for line in f.read().splitlines()[1:]:
                parts = line.split()
                if len(parts) > 2 and parts[1] == '00000000':
                    g = int(parts[2], 16)
                    return socket.inet_ntoa(g.to_bytes(4, 'little'))
    except OSError:
        pass
    return None
def connect(host, port):
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect((host, port))
        return 'connected'
    except ConnectionRefusedError:
        return 'refused'
    except socket.timeout:
        return 'timeout'
    except OSError as e:
        return 'error: %s' % e.strerror
    finally:
        s.close()
g = gateway()
out['gateway'] = g
out['gateway_tcp'] = connect(g, 22) if g else 'no route'
out['public_tcp'] = connect('1.1.1.1', 443)
try:
    socket.setdefaulttimeout(3)
    out['dns'] = socket.gethostbyname('example.com')
except OSError as e:
    out['dns'] = 'error: %s' % e
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    u.sendto(b'x', ('1.1.1.1', 53))
    out['udp'] = 'sent'
except OSError as e:
    out['udp'] = 'error: %s' % e.strerror
print(json.dumps(out))
`;

/** A shell probe run inside the sandbox: capabilities, privileges, the root filesystem, sockets, devices and host mounts. */
export const KERNEL_PROBE = String.raw`
cap=$(awk '/^CapEff/ {print $2}' /proc/self/status)
nnp=$(awk '/^NoNewPrivs/ {print $2}' /proc/self/status)
if touch /clawdock-selftest-root 2>/dev/null; then rootfs=writable; rm -f /clawdock-selftest-root; else rootfs=read-only; fi
socks=$(find / -xdev \( -name 'docker.sock' -o -name 'podman.sock' -o -name 'containerd.sock' \) 2>/dev/null | head -3 | tr '\n' ' ')
devs=$(ls /dev 2>/dev/null | grep -E '^(sd|vd|hd|nvme|xvd|mem$|kmem$|port$)' | head -3 | tr '\n' ' ')
mounts=$(awk '$5 != "/" && $5 !~ /^\/(proc|sys|dev|tmp|run|home\/sandbox|workspace)(\/|$)/ && $9 !~ /^(proc|sysfs|tmpfs|devpts|mqueue|cgroup2?|overlay|shm)$/ {print $5}' /proc/self/mountinfo | sort -u | grep -vE '^/etc/(hosts|hostname|resolv.conf)$|^/(usr/)?s?bin/(docker-init|catatonit)$|^/run/podman-init$' | head -5 | tr '\n' ' ')
printf '{"capEff":"%s","noNewPrivs":"%s","rootfs":"%s","sockets":"%s","devices":"%s","mounts":"%s"}\n' "$cap" "$nnp" "$rootfs" "$socks" "$devs" "$mounts"
`;

/** Commands that try to leave something in the home folder (or elsewhere) that a later command runs. */
export const PERSISTENCE_PLANT = [
  'echo "touch {marker}" >> ~/.bash_profile',
  'echo "touch {marker}" >> ~/.bashrc',
  'echo "touch {marker}" >> ~/.profile',
  'printf "[alias]\\n\\tst = !touch {marker}\\n[core]\\n\\tpager = touch {marker}\\n" > ~/.gitconfig',
  'mkdir -p ~/.local/lib/python3.11/site-packages && echo "import os; os.system(\'touch {marker}\')" > ~/.local/lib/python3.11/site-packages/zz.pth',
  'mkdir -p /home/sandbox/.ssh 2>/dev/null && echo "ProxyCommand touch {marker}" > /home/sandbox/.ssh/config 2>/dev/null',
  'true',
].join('; ');

/** The later commands, as an approved command would run them. */
export const PERSISTENCE_TRIGGERS: readonly (readonly string[])[] = [
  ['bash', '-lc', 'true'],
  ['bash', '-ic', 'true'],
  ['bash', '-c', 'git -C /workspace st >/dev/null 2>&1; git -C /workspace log -1 >/dev/null 2>&1; true'],
  ['python3', '-c', 'pass'],
];
