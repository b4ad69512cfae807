# The per-command supervisor for x86-64 Linux: a static, libc-free program of a few thousand bytes,
# so that a command costs a few forks and execs instead of two Bun starts. It runs the Landlock
# tier's commands, and unsandboxed ones so that what they start cannot outlive codex either.
# Built by `bun scripts/landlock-stub.ts --write` (GNU as + ld); the bytes are embedded in
# src/landlock-stub.ts and a test checks they match this source. codex runs it from a sealed memfd.
#
#   stub PROGRAM ARGV0 [ARG...]      cwd and environment: the command's
#   fd 3: parameters, read to EOF: u32 codex's pid, u32 mode, u32 filter length L, L bytes of
#         seccomp BPF. Mode 0: Landlock (L > 0); mode 1: unsandboxed, supervision only (L = 0);
#         mode 2: the bwrap tier's session sandbox (L > 0), then u32 the setns(2) namespace flags;
#         mode 3: a trial of mode 2: all of it (entering, supervisors, the command's Landlock
#         domain and seccomp filter) except executing the command, whose process exits 0 instead.
#   fd 4: modes 0 and 2: the command's Landlock ruleset (mode 0: file-system rules, built by codex
#         per command; mode 2: scopes only, the file system is the session sandbox's mounts)
#   fd 5: mode 2 only: a pidfd of the session sandbox's first process, whose namespaces to enter
#
# Supervisor (this process): parent-death signal SIGTERM (and gone if codex is), child subreaper.
# Child: default signal dispositions and an empty mask, parent-death signal SIGKILL; execve.
#
# Mode 0 (Landlock): the supervisor also does setsid, no_new_privs, drops every capability and
# enters a Landlock domain that scopes signals only. It forks an inner supervisor (parent-death
# signal SIGTERM, child subreaper, a further signal-scoped domain so that its kill(-1) spares the
# outer one), which forks the command: when either supervisor dies, even by SIGKILL, the other ends
# the command — the outer one adopts the orphans as the nearest subreaper, the inner one gets its
# parent-death signal. The child adds its own terminal (a character device on fd 0-2) to the
# ruleset, enters Landlock (fd 4) and seccomp, one domain below the supervisors: it cannot signal
# them, and their kill(-1, SIGKILL) reaches exactly the command's processes. When the command
# exits, or SIGTERM, SIGINT or SIGHUP arrives (codex's death included), the supervisors kill them
# all: nothing the command starts outlives it (after a normal exit, only if a child is left).
#
# Mode 2 (bwrap session): first, the supervisor enters the namespaces of the session's bwrap
# sandbox (one setns(2) on the pidfd: user, mount, PID, IPC, UTS, network as the flags say). Still
# holding capabilities there, it gives the command a mount and an IPC namespace of its own, copies
# of the session's: no propagation from the host's mounts, /dev read-only (nothing a command leaves
# in it can mislead the next one), a fresh /dev/shm and /dev/pts, System V IPC and POSIX queues of
# its own; all of it goes when the command's last process does. Then it goes back to its working
# directory, and everything is as in mode 0, with the signal-scoped domains standing in for the
# PID namespace a bwrap per command would give: a command cannot signal or trace another command
# of the session or their supervisors (it can see them, and as the same user change their limits
# and priority: docs/sandbox.md). The outer supervisor stays in
# codex's PID namespace, so the command's orphans go to the sandbox's init once the inner one is
# gone: the outer one always sweeps its domain when the inner one ends.
#
# Mode 1 (unsandboxed): one supervisor, nothing else changes for the command, and its lifetime is
# what it would be spawned directly — except that it cannot outlive codex. When the command exits,
# the supervisor exits too and leaves what the command started running (a server started with `&`
# is still there for the next command, as in Codex 0.169); codex's own signals to the process group
# (a stop: SIGTERM, then SIGKILL after a grace period) reach the command as before. Only when codex
# is gone (SIGTERM arrives and getppid() is no longer codex: the parent-death signal) while the
# command runs does the supervisor end everything: first as codex's stop would (SIGTERM to the
# process group it leads, and 250 ms for the command to finish, or less if it does), then SIGKILL
# to its children, listed in /proc/thread-self/children, over and over until none is left (orphans
# come to it as the subreaper, so a double fork into another session does not escape). The
# terminal's signals (SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU) are the command's: the
# supervisor ignores them.
#
# Either way the supervisor exits as the command did: same code, or same signal (without dumping a
# core of its own, which would replace the command's).

        .intel_syntax noprefix
        .globl _start

        .equ SYS_read, 0
        .equ SYS_write, 1
        .equ SYS_open, 2
        .equ SYS_close, 3
        .equ SYS_fstat, 5
        .equ SYS_rt_sigaction, 13
        .equ SYS_rt_sigprocmask, 14
        .equ SYS_getpid, 39
        .equ SYS_getcwd, 79
        .equ SYS_chdir, 80
        .equ SYS_setns, 308
        .equ SYS_unshare, 272
        .equ SYS_mount, 165
        .equ SYS_statfs, 137
        .equ SYS_fork, 57
        .equ SYS_execve, 59
        .equ SYS_wait4, 61
        .equ SYS_kill, 62
        .equ SYS_setitimer, 38
        .equ SYS_getpgid, 121
        .equ SYS_getppid, 110
        .equ SYS_setsid, 112
        .equ SYS_capset, 126
        .equ SYS_rt_sigtimedwait, 128
        .equ SYS_prctl, 157
        .equ SYS_exit_group, 231
        .equ SYS_landlock_create_ruleset, 444
        .equ SYS_landlock_add_rule, 445
        .equ SYS_landlock_restrict_self, 446

        .equ PR_SET_PDEATHSIG, 1
        .equ PR_SET_DUMPABLE, 4
        .equ PR_SET_SECCOMP, 22
        .equ PR_CAPBSET_DROP, 24
        .equ PR_SET_CHILD_SUBREAPER, 36
        .equ PR_SET_NO_NEW_PRIVS, 38
        .equ PR_CAP_AMBIENT, 47
        .equ PR_CAP_AMBIENT_CLEAR_ALL, 4
        .equ SECCOMP_MODE_FILTER, 2
        .equ SIG_BLOCK, 0
        .equ SIG_SETMASK, 2
        .equ SIGKILL, 9
        .equ SIGTERM, 15
        .equ SIGSTOP, 19
        .equ WNOHANG, 1
        .equ WALL, 0x40000000
        .equ ECHILD, 10
        .equ ENOENT, 2
        .equ ENOEXEC, 8
        .equ S_IFMT, 0170000
        .equ S_IFCHR, 0020000
        # READ_FILE | WRITE_FILE | TRUNCATE | IOCTL_DEV: what a terminal needs
        .equ TERMINAL_ACCESS, (1 << 2) | (1 << 1) | (1 << 14) | (1 << 15)
        .equ PARAMS_MAX, 0x10000
        # SIGHUP, SIGINT, SIGTERM, SIGCHLD (bit N-1 for signal N)
        .equ WAITED_SIGNALS, (1 << 0) | (1 << 1) | (1 << 14) | (1 << 16)
        # Mode 1: SIGTERM (codex gone?), SIGCHLD, SIGALRM (the grace period is over)
        .equ WAITED_UNSANDBOXED, (1 << 14) | (1 << 16) | (1 << 13)
        .equ SIGALRM, 14
        .equ GRACE_USEC, 250000         # codex's own grace between SIGTERM and SIGKILL on a stop
        .equ SIG_IGN, 1
        .equ SIGHUP, 1
        .equ SIGINT, 2
        .equ SIGQUIT, 3
        .equ SIGTSTP, 20
        .equ SIGTTIN, 21
        .equ SIGTTOU, 22
        .equ SIG_UNBLOCK, 1
        .equ MODE_LANDLOCK, 0
        .equ MODE_UNSANDBOXED, 1
        .equ MODE_BWRAP_SESSION, 2
        .equ MODE_SESSION_TRIAL, 3
        .equ PATH_MAX, 4096
        .equ CLONE_NEWNS, 0x20000
        .equ CLONE_NEWIPC, 0x08000000
        .equ CLONE_NEWUSER, 0x10000000
        .equ CLONE_NEWPID, 0x20000000
        .equ REQUIRED_NAMESPACES, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID
        .equ MS_RDONLY, 1
        .equ MS_NOSUID, 2
        .equ MS_NODEV, 4
        .equ MS_NOEXEC, 8
        .equ MS_REMOUNT, 32
        .equ MS_BIND, 4096
        .equ MS_REC, 16384
        .equ MS_PRIVATE, 1 << 18
        # statfs's f_flags bits that a bind remount must repeat (nosuid, nodev, noexec, noatime,
        # nodiratime; relatime has another bit in each, and a remount gets it by default)
        .equ KEPT_MOUNT_FLAGS, MS_NOSUID | MS_NODEV | MS_NOEXEC | 1024 | 2048
        .equ STATFS_FLAGS, 80           # offset of f_flags in struct statfs
        .equ HEADER, 12                 # pid, mode, filter length
        .equ LEVELS_LANDLOCK, 2         # supervisors per command

        # Frame (r15 = rsp after alignment):
        .equ F_PARAMS, 0             # PARAMS_MAX bytes read from fd 3; mode 1: /proc listings after
        .equ F_SET, PARAMS_MAX       # u64 signal set
        .equ F_EMPTY, PARAMS_MAX+8   # u64 empty signal set
        .equ F_SIGACT, PARAMS_MAX+16 # struct sigaction (32 bytes, zero: SIG_DFL)
        .equ F_ATTR, PARAMS_MAX+48   # landlock_ruleset_attr (24) / path_beneath_attr (12)
        .equ F_CAP, PARAMS_MAX+80    # capability header (8) + data (24)
        .equ F_FPROG, PARAMS_MAX+112 # struct sock_fprog (16)
        .equ F_STATUS, PARAMS_MAX+128
        .equ F_STAT, PARAMS_MAX+136  # struct stat (144)
        .equ F_LEVEL, PARAMS_MAX+288 # u32 supervisors still to start
        .equ F_IGNACT, PARAMS_MAX+296 # struct sigaction (32 bytes): SIG_IGN
        .equ F_TIMER, PARAMS_MAX+328 # struct itimerval (32 bytes): the grace period
        .equ F_GRACE, PARAMS_MAX+360 # u32, mode 1: nonzero once codex is gone
        .equ F_CWD, PARAMS_MAX+368   # mode 2: the working directory (PATH_MAX bytes)
        .equ F_TRIAL, PARAMS_MAX+368+PATH_MAX # u64: nonzero for mode 3 (then run as mode 2)
        .equ FRAME, PARAMS_MAX+376+PATH_MAX

        .text
_start:
        mov     r12, [rsp]              # argc
        lea     r13, [rsp+8]            # argv
        lea     r14, [r13+r12*8+8]      # envp
        sub     rsp, FRAME
        and     rsp, -16
        mov     r15, rsp
        mov     rdi, r15                # zero the small structures after the parameters
        add     rdi, F_SET
        xor     eax, eax
        mov     ecx, (FRAME-PARAMS_MAX)/8
        rep stosq
        lea     rsi, [rip+msg_usage]
        cmp     r12, 3
        jb      fail

        # Parameters from fd 3, to its end.
        xor     ebx, ebx
1:      mov     eax, SYS_read
        mov     edi, 3
        lea     rsi, [r15+rbx]
        mov     edx, PARAMS_MAX
        sub     edx, ebx
        jz      2f
        syscall
        test    rax, rax
        jle     2f
        add     rbx, rax
        jmp     1b
2:      lea     rsi, [rip+msg_params]
        test    rax, rax
        js      fail
        cmp     rbx, HEADER
        jb      fail
        cmp     dword ptr [r15+4], MODE_SESSION_TRIAL
        jne     13f
        mov     dword ptr [r15+4], MODE_BWRAP_SESSION
        mov     qword ptr [r15+F_TRIAL], 1
13:     mov     eax, [r15+8]            # filter length: a whole number of instructions, all read
        cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        jne     11f
        test    eax, eax                # mode 1 has no filter
        jnz     fail
        jmp     12f
11:     cmp     dword ptr [r15+4], MODE_BWRAP_SESSION
        je      20f
        cmp     dword ptr [r15+4], MODE_LANDLOCK
        jne     fail
20:     test    eax, eax
        jz      fail
        test    eax, 7
        jnz     fail
        cmp     dword ptr [r15+4], MODE_BWRAP_SESSION
        jne     12f
        add     rax, 4                  # the namespace flags follow the filter
12:     add     rax, HEADER
        cmp     rax, rbx
        jne     fail
        mov     eax, SYS_close
        mov     edi, 3
        syscall

        cmp     dword ptr [r15+4], MODE_BWRAP_SESSION
        jne     21f
        # Into the session sandbox (before the parent-death signal: a change of credentials may
        # clear it), then back to the working directory, which entering the mount namespace resets.
        mov     eax, SYS_getcwd
        lea     rdi, [r15+F_CWD]
        mov     esi, PATH_MAX
        syscall
        lea     rsi, [rip+msg_cwd]
        test    rax, rax
        js      fail
        mov     eax, [r15+8]
        mov     esi, [r15+HEADER+rax]   # the namespace flags: user, mount and PID at least
        mov     eax, esi
        and     eax, REQUIRED_NAMESPACES
        cmp     eax, REQUIRED_NAMESPACES
        lea     rdx, [rip+msg_params]
        jne     fail_rdx
        mov     eax, SYS_setns
        mov     edi, 5
        syscall
        lea     rsi, [rip+msg_enter]
        test    rax, rax
        jnz     fail
        mov     eax, SYS_close
        mov     edi, 5
        syscall
        call    own_mounts
        mov     eax, SYS_chdir
        lea     rdi, [r15+F_CWD]
        syscall
        lea     rsi, [rip+msg_cwd]
        test    rax, rax
        jnz     fail
21:
        # Die with codex; if codex is gone already, do nothing.
        mov     edi, PR_SET_PDEATHSIG
        mov     esi, SIGTERM
        call    prctl
        mov     eax, SYS_getppid
        syscall
        lea     rsi, [rip+msg_parent]
        cmp     eax, [r15]
        jne     fail

        mov     edi, PR_SET_CHILD_SUBREAPER
        mov     esi, 1
        call    prctl
        cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        jne     17f
        # Nothing else changes for an unsandboxed command: one supervisor, deaf to the terminal.
        mov     qword ptr [r15+F_SET], WAITED_UNSANDBOXED
        mov     dword ptr [r15+F_LEVEL], 1
        mov     qword ptr [r15+F_IGNACT], SIG_IGN
        mov     edi, SIGHUP
        call    ignore_signal
        mov     edi, SIGINT
        call    ignore_signal
        mov     edi, SIGQUIT
        call    ignore_signal
        mov     edi, SIGTSTP
        call    ignore_signal
        mov     edi, SIGTTIN
        call    ignore_signal
        mov     edi, SIGTTOU
        call    ignore_signal
        jmp     supervise_all
17:

        mov     eax, SYS_setsid         # no controlling terminal; fails harmlessly as a leader
        syscall
        mov     edi, PR_SET_NO_NEW_PRIVS
        mov     esi, 1
        call    prctl
        lea     rsi, [rip+msg_nnp]
        test    rax, rax
        jnz     fail

        # Capabilities: the bounding set (fails without CAP_SETPCAP: nothing to drop), the ambient
        # set, then the permitted, effective and inheritable sets.
        xor     ebx, ebx
3:      mov     edi, PR_CAPBSET_DROP
        mov     esi, ebx
        call    prctl
        inc     ebx
        cmp     ebx, 64
        jb      3b
        mov     edi, PR_CAP_AMBIENT
        mov     esi, PR_CAP_AMBIENT_CLEAR_ALL
        call    prctl
        mov     dword ptr [r15+F_CAP], 0x20080522
        mov     eax, SYS_capset
        lea     rdi, [r15+F_CAP]
        lea     rsi, [r15+F_CAP+8]
        syscall
        lea     rsi, [rip+msg_caps]
        test    rax, rax
        jnz     fail

        call    scope_signals

        mov     qword ptr [r15+F_SET], WAITED_SIGNALS
        mov     dword ptr [r15+F_LEVEL], LEVELS_LANDLOCK

supervise_all:
        # Signals arrive through rt_sigtimedwait only.
        mov     eax, SYS_rt_sigprocmask
        mov     edi, SIG_BLOCK
        lea     rsi, [r15+F_SET]
        xor     edx, edx
        mov     r10d, 8
        syscall

supervise:
        mov     eax, SYS_getpid
        syscall
        mov     rbp, rax                # this supervisor's pid
        mov     eax, SYS_fork
        syscall
        lea     rsi, [rip+msg_fork]
        test    rax, rax
        js      fail
        jz      13f
        mov     rbx, rax                # the inner supervisor's pid, or the command's

        cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        je      wait_signal
        mov     eax, SYS_close          # the ruleset is the child's business
        mov     edi, 4
        syscall
        jmp     wait_signal

13:     dec     dword ptr [r15+F_LEVEL]
        jz      child
        # The inner supervisor: the same duties, and gone when the outer one is.
        mov     edi, PR_SET_PDEATHSIG
        mov     esi, SIGTERM
        call    prctl
        cmp     dword ptr [r15+4], MODE_BWRAP_SESSION
        jne     22f
        xor     ebp, ebp                # its parent, outside the sandbox's PID namespace, shows as 0;
                                        # orphaned, it would have the sandbox's init (1)
22:     mov     eax, SYS_getppid
        syscall
        lea     rsi, [rip+msg_parent]
        cmp     rax, rbp
        jne     fail
        mov     edi, PR_SET_CHILD_SUBREAPER
        mov     esi, 1
        call    prctl
        call    scope_signals           # so that its kill(-1) spares the outer supervisor
        jmp     supervise

wait_signal:
        mov     eax, SYS_rt_sigtimedwait
        lea     rdi, [r15+F_SET]
        xor     esi, esi
        xor     edx, edx
        mov     r10d, 8
        syscall
        test    rax, rax
        js      wait_signal
        cmp     eax, 17                 # SIGCHLD
        je      reap
        cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        jne     stop_requested
        cmp     eax, SIGALRM
        jne     19f
        cmp     dword ptr [r15+F_GRACE], 0
        jne     grace_over              # mode 1: the grace period after codex's death is over
        jmp     wait_signal             # no timer runs: the command's (`kill -ALRM 0`), not ours
19:     cmp     dword ptr [r15+F_GRACE], 0
        jne     wait_signal             # our own SIGTERM to the group
        mov     eax, SYS_getppid
        syscall
        cmp     eax, [r15]
        je      wait_signal             # codex's own stop reaches the command through its group
        # Codex is gone: stop the command as codex would have (SIGTERM to its process group, which
        # this supervisor leads), and after the same grace period sweep everything.
        mov     dword ptr [r15+F_GRACE], 1
        mov     eax, SYS_getpgid
        xor     edi, edi
        syscall
        cmp     rax, rbp
        jne     18f                     # not our own group: signal nobody else's
        mov     eax, SYS_kill
        xor     edi, edi
        mov     esi, SIGTERM
        syscall
18:     mov     qword ptr [r15+F_TIMER+24], GRACE_USEC
        mov     eax, SYS_setitimer
        xor     edi, edi                # ITIMER_REAL: SIGALRM
        lea     rsi, [r15+F_TIMER]
        xor     edx, edx
        syscall
        test    rax, rax
        jz      wait_signal
grace_over:
        mov     eax, SIGTERM            # exit as if stopped (nobody waits for it now)
        jmp     stop_requested
reap:
        mov     eax, SYS_wait4
        mov     rdi, -1
        lea     rsi, [r15+F_STATUS]
        mov     edx, WNOHANG | WALL
        xor     r10d, r10d
        syscall
        test    rax, rax
        jle     wait_signal             # none ready (0) or no child (-ECHILD)
        cmp     rax, rbx
        jne     reap                    # an orphan of the command
        mov     r12d, [r15+F_STATUS]
        cmp     dword ptr [r15+4], MODE_BWRAP_SESSION
        jne     23f
        cmp     dword ptr [r15+F_LEVEL], LEVELS_LANDLOCK
        je      sweep                   # mode 2, outer: orphans may have gone to the sandbox's init
23:     cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        jne     leftovers
        cmp     dword ptr [r15+F_GRACE], 0
        je      swept                   # mode 1: what it started lives on, as without us
        jmp     sweep                   # unless codex is gone
# Mode 0, the command has exited. Its orphans come to this subreaper, and a child exiting hands its
# own children to it before it can be reaped: so with no child left, none of the command's
# processes is left, and the sweep (kill(-1) visits every process on the machine) is not needed.
leftovers:
        mov     eax, SYS_wait4
        mov     rdi, -1
        xor     esi, esi
        mov     edx, WNOHANG | WALL
        xor     r10d, r10d
        syscall
        cmp     rax, -ECHILD
        je      swept
        test    rax, rax
        jg      leftovers               # an orphan that had already exited: look again
        jmp     sweep                   # one is still running
stop_requested:
        mov     r12d, eax               # a wait status of N means "killed by signal N"
sweep:
        cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        je      sweep_children
        mov     eax, SYS_kill           # from this domain: exactly the command's processes
        mov     rdi, -1
        mov     esi, SIGKILL
        syscall
4:      mov     eax, SYS_wait4
        mov     rdi, -1
        xor     esi, esi
        mov     edx, WALL
        xor     r10d, r10d
        syscall
        cmp     rax, -ECHILD
        jne     4b
        jmp     swept

# Mode 1: kill every child listed ("PID PID "), reap one, repeat until there is no child. A child
# cannot be reaped by anyone else, so its pid is not reused before this kill.
sweep_children:
        mov     eax, SYS_open
        lea     rdi, [rip+children_path]
        xor     esi, esi                # O_RDONLY
        xor     edx, edx
        syscall
        test    rax, rax
        js      swept                   # no listing: nothing more can be done
        mov     rbx, rax
        mov     eax, SYS_read
        mov     rdi, rbx
        lea     rsi, [r15+HEADER]
        mov     edx, PARAMS_MAX-HEADER
        syscall
        mov     r9, rax
        mov     eax, SYS_close
        mov     rdi, rbx
        syscall
        test    r9, r9
        jle     16f
        lea     r8, [r15+HEADER]        # cursor
        add     r9, r8                  # end
        xor     edx, edx                # the number being read
14:     cmp     r8, r9
        jae     16f                     # a number cut off at the end waits for the next listing
        movzx   eax, byte ptr [r8]
        inc     r8
        sub     eax, '0'
        cmp     eax, 9
        ja      15f
        imul    rdx, rdx, 10
        add     rdx, rax
        jmp     14b
15:     test    rdx, rdx
        jz      14b
        mov     eax, SYS_kill
        mov     rdi, rdx
        mov     esi, SIGKILL
        syscall
        xor     edx, edx
        jmp     14b
16:     mov     eax, SYS_wait4
        mov     rdi, -1
        xor     esi, esi
        mov     edx, WALL
        xor     r10d, r10d
        syscall
        cmp     rax, -ECHILD
        jne     sweep_children

swept:
        mov     eax, r12d               # exit the way the command did
        and     eax, 0x7f
        jz      exited
        mov     ebx, eax
        mov     edi, ebx
        call    default_action
        mov     edi, PR_SET_DUMPABLE    # no core of ours: it would replace the command's own
        xor     esi, esi
        call    prctl
        mov     eax, SYS_kill
        mov     rdi, rbp
        mov     esi, ebx
        syscall
        lea     ecx, [rbx-1]            # unblock that signal alone: no other pending one comes first
        mov     eax, 1
        shl     rax, cl
        mov     [r15+F_SET], rax
        mov     eax, SYS_rt_sigprocmask
        mov     edi, SIG_UNBLOCK
        lea     rsi, [r15+F_SET]
        xor     edx, edx
        mov     r10d, 8
        syscall
        lea     edi, [rbx+128]          # a signal whose default is not to die
        jmp     exit
exited:
        mov     edi, r12d
        shr     edi, 8
        and     edi, 0xff
        jmp     exit

child:
        mov     eax, SYS_rt_sigprocmask
        mov     edi, SIG_SETMASK
        lea     rsi, [r15+F_EMPTY]
        xor     edx, edx
        mov     r10d, 8
        syscall
        mov     ebx, 1                  # default dispositions: ignored signals survive execve
5:      mov     edi, ebx
        call    default_action
        inc     ebx
        cmp     ebx, 64
        jbe     5b
        mov     edi, PR_SET_PDEATHSIG
        mov     esi, SIGKILL
        call    prctl
        mov     eax, SYS_getppid
        syscall
        lea     rsi, [rip+msg_parent]
        cmp     rax, rbp
        jne     fail
        cmp     dword ptr [r15+4], MODE_UNSANDBOXED
        je      run_command

        # The command's own terminal, if its stdio is one (never the rest of /dev/pts).
        xor     ebx, ebx
6:      mov     eax, SYS_fstat
        mov     edi, ebx
        lea     rsi, [r15+F_STAT]
        syscall
        test    rax, rax
        jnz     7f
        mov     eax, [r15+F_STAT+24]    # st_mode
        and     eax, S_IFMT
        cmp     eax, S_IFCHR
        jne     7f
        mov     qword ptr [r15+F_ATTR], TERMINAL_ACCESS
        mov     dword ptr [r15+F_ATTR+8], ebx
        mov     eax, SYS_landlock_add_rule
        mov     edi, 4
        mov     esi, 1                  # LANDLOCK_RULE_PATH_BENEATH
        lea     rdx, [r15+F_ATTR]
        xor     r10d, r10d
        syscall
7:      inc     ebx
        cmp     ebx, 3
        jb      6b

        mov     eax, SYS_landlock_restrict_self
        mov     edi, 4
        xor     esi, esi
        syscall
        lea     rsi, [rip+msg_landlock]
        test    rax, rax
        jnz     fail
        mov     eax, SYS_close
        mov     edi, 4
        syscall

        mov     eax, [r15+8]
        shr     eax, 3
        mov     word ptr [r15+F_FPROG], ax
        lea     rax, [r15+HEADER]
        mov     [r15+F_FPROG+8], rax
        mov     edi, PR_SET_SECCOMP
        mov     esi, SECCOMP_MODE_FILTER
        lea     rdx, [r15+F_FPROG]
        mov     eax, SYS_prctl
        xor     r10d, r10d
        xor     r8d, r8d
        syscall
        lea     rsi, [rip+msg_seccomp]
        test    rax, rax
        jnz     fail

run_command:
        xor     edi, edi                # a trial ends here, everything but the command done
        cmp     qword ptr [r15+F_TRIAL], 0
        jne     exit
        mov     eax, SYS_execve
        mov     rdi, [r13+8]
        lea     rsi, [r13+16]
        mov     rdx, r14
        syscall
        mov     rbx, rax                # -errno
        cmp     rax, -ENOEXEC           # no #! line: the shell runs it, as execvp(3) does
        jne     10f
        mov     rax, [r13+8]
        mov     [r13+16], rax           # argv becomes /bin/sh PROGRAM ARG...
        lea     rdi, [rip+bin_sh]
        mov     [r13+8], rdi
        mov     eax, SYS_execve
        lea     rsi, [r13+8]
        mov     rdx, r14
        syscall
        mov     rbx, rax
        mov     rax, [r13+16]
        mov     [r13+8], rax            # the program's name for the message
10:
        lea     rsi, [rip+msg_exec]
        call    print
        mov     rsi, [r13+8]
        call    print
        lea     rsi, [rip+msg_newline]
        call    print
        mov     edi, 126
        cmp     rbx, -ENOENT
        jne     exit
        mov     edi, 127
        jmp     exit

# rdx: message; as fail.
fail_rdx:
        mov     rsi, rdx
# rsi: message (NUL-terminated) to print on stderr; exits 1.
fail:
        call    print
        mov     edi, 1
exit:
        mov     eax, SYS_exit_group
        syscall

# Mode 2: the command's own mount and IPC namespaces (see the top), or fail.
own_mounts:
        mov     eax, SYS_unshare
        mov     edi, CLONE_NEWNS | CLONE_NEWIPC
        syscall
        test    rax, rax
        jnz     own_mounts_failed
        xor     edi, edi                # no propagation either way from here on
        lea     rsi, [rip+path_root]
        xor     edx, edx
        mov     r10d, MS_REC | MS_PRIVATE
        xor     r8d, r8d
        call    mount_or_fail
        lea     rdi, [rip+fs_tmpfs]
        lea     rsi, [rip+path_shm]
        lea     rdx, [rip+fs_tmpfs]
        mov     r10d, MS_NOSUID | MS_NODEV
        lea     r8, [rip+opts_shm]
        call    mount_or_fail
        lea     rdi, [rip+fs_devpts]
        lea     rsi, [rip+path_pts]
        lea     rdx, [rip+fs_devpts]
        mov     r10d, MS_NOSUID | MS_NOEXEC
        lea     r8, [rip+opts_pts]
        call    mount_or_fail
        mov     eax, SYS_statfs         # /dev read-only, its other flags as they are
        lea     rdi, [rip+path_dev]
        lea     rsi, [r15+F_STAT]
        syscall
        test    rax, rax
        jnz     own_mounts_failed
        mov     r10, [r15+F_STAT+STATFS_FLAGS]
        and     r10d, KEPT_MOUNT_FLAGS
        or      r10d, MS_REMOUNT | MS_BIND | MS_RDONLY
        xor     edi, edi
        lea     rsi, [rip+path_dev]
        xor     edx, edx
        xor     r8d, r8d
        call    mount_or_fail
        ret

# mount(rdi, rsi, rdx, r10, r8), or fail.
mount_or_fail:
        mov     eax, SYS_mount
        syscall
        test    rax, rax
        jnz     own_mounts_failed
        ret
own_mounts_failed:
        lea     rsi, [rip+msg_mounts]
        jmp     fail

# Enters a new Landlock domain with no file-system rule that scopes signals: from here kill(-1)
# reaches only processes in this domain or deeper, and nothing deeper can signal out of it.
scope_signals:
        mov     qword ptr [r15+F_ATTR], 0
        mov     qword ptr [r15+F_ATTR+8], 0
        mov     qword ptr [r15+F_ATTR+16], 2    # LANDLOCK_SCOPE_SIGNAL
        mov     eax, SYS_landlock_create_ruleset
        lea     rdi, [r15+F_ATTR]
        mov     esi, 24
        xor     edx, edx
        syscall
        lea     rsi, [rip+msg_scope]
        test    rax, rax
        js      fail
        mov     rbx, rax
        mov     eax, SYS_landlock_restrict_self
        mov     rdi, rbx
        xor     esi, esi
        syscall
        lea     rsi, [rip+msg_scope]
        test    rax, rax
        jnz     fail
        mov     eax, SYS_close
        mov     rdi, rbx
        syscall
        ret

# prctl(edi, esi, 0, 0, 0) -> rax
prctl:
        mov     eax, SYS_prctl
        xor     edx, edx
        xor     r10d, r10d
        xor     r8d, r8d
        syscall
        ret

# Sets signal edi's disposition to SIG_DFL (fails harmlessly for SIGKILL and SIGSTOP).
default_action:
        mov     eax, SYS_rt_sigaction
        lea     rsi, [r15+F_SIGACT]
        xor     edx, edx
        mov     r10d, 8
        syscall
        ret

# Sets signal edi's disposition to SIG_IGN (the child sets every one back to SIG_DFL).
ignore_signal:
        mov     eax, SYS_rt_sigaction
        lea     rsi, [r15+F_IGNACT]
        xor     edx, edx
        mov     r10d, 8
        syscall
        ret

# Writes the NUL-terminated string at rsi to stderr.
print:
        mov     rdx, rsi
8:      cmp     byte ptr [rdx], 0
        je      9f
        inc     rdx
        jmp     8b
9:      sub     rdx, rsi
        mov     eax, SYS_write
        mov     edi, 2
        syscall
        ret

msg_usage:      .asciz "codex sandbox: the Landlock stub needs PROGRAM ARGV0 [ARG...]\n"
msg_params:     .asciz "codex sandbox: bad parameters on fd 3; the command was not run\n"
msg_parent:     .asciz "codex sandbox: codex is gone; the command was not run\n"
msg_nnp:        .asciz "codex sandbox: prctl(PR_SET_NO_NEW_PRIVS) failed; the command was not run\n"
msg_caps:       .asciz "codex sandbox: dropping capabilities failed; the command was not run\n"
msg_scope:      .asciz "codex sandbox: Landlock signal scoping failed; the command was not run\n"
msg_fork:       .asciz "codex sandbox: fork failed; the command was not run\n"
msg_landlock:   .asciz "codex sandbox: landlock_restrict_self failed; the command was not run\n"
msg_seccomp:    .asciz "codex sandbox: installing the seccomp filter failed; the command was not run\n"
msg_cwd:        .asciz "codex sandbox: the working directory is not there inside the sandbox; the command was not run\n"
msg_enter:      .asciz "codex sandbox: entering the session's sandbox failed; the command was not run\n"
msg_mounts:     .asciz "codex sandbox: setting up the command's own /dev and IPC failed; the command was not run\n"
msg_exec:       .asciz "codex sandbox: cannot run "
msg_newline:    .asciz "\n"
bin_sh:         .asciz "/bin/sh"
path_root:      .asciz "/"
path_dev:       .asciz "/dev"
path_shm:       .asciz "/dev/shm"
path_pts:       .asciz "/dev/pts"
fs_tmpfs:       .asciz "tmpfs"
fs_devpts:      .asciz "devpts"
opts_shm:       .asciz "mode=1777"
opts_pts:       .asciz "newinstance,ptmxmode=0666,mode=620"
children_path:  .asciz "/proc/thread-self/children"
