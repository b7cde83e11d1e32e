import { DEVICE, RECURSIVE, ROOTISH, re, rule } from './rule-helpers';
import type { RuleSpec } from './rule';

/** Built-in `deny` rules: commands with no legitimate use by a coding agent. */
export const BUILTIN_DENY_RULES: readonly RuleSpec[] = [
  rule('rm-root', 'deny', ['rm', '**', RECURSIVE, '**', ROOTISH], 'recursively deletes the filesystem root, home or a system directory', {
    match: ['rm -rf /', 'rm -rf /*', 'rm -fr ~', 'rm -r --force /usr', 'sudo rm -rf /'], notMatch: ['rm -rf build', 'rm -rf ./dist', 'rm /tmp/x'],
  }),
  rule('rm-root-flags-last', 'deny', ['rm', '**', ROOTISH, '**', RECURSIVE], 'recursively deletes the filesystem root, home or a system directory', { match: ['rm / -rf'] }),
  rule('rm-no-preserve-root', 'deny', ['rm', '**', '--no-preserve-root'], 'asks rm to delete the filesystem root', { match: ['rm -rf --no-preserve-root /'] }),
  rule('chmod-root', 'deny', [re(/^(chmod|chown|chgrp)$/), '**', RECURSIVE, '**', ROOTISH], 'recursively changes permissions of the root, home or a system directory', {
    match: ['chmod -R 777 /', 'chown -R nobody /etc'], notMatch: ['chmod -R 755 dist'],
  }),
  rule('mv-root', 'deny', ['mv', '**', re(/^\/+\*?$/)], 'moves the filesystem root', { match: ['mv /* /dev/null'], notMatch: ['mv a b'] }),
  rule('disk-device-write', 'deny', [re(/^(dd|mkfs(\..+)?|mke2fs|mkswap|wipefs|shred|fdisk|sfdisk|gdisk|parted|blkdiscard|cp|tee)$/), '**', DEVICE], 'writes to a disk device or kernel memory', {
    match: ['dd if=/dev/zero of=/dev/sda', 'mkfs.ext4 /dev/nvme0n1', 'shred /dev/sdb', 'tee /dev/sda'], notMatch: ['dd if=/dev/zero of=disk.img'],
  }),
];
