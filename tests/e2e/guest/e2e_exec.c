/* e2e-exec: the execveat(2) cases of the end-to-end scenario, which a shell cannot make.
 * Built statically on the host (run_e2e.sh) and copied into the guest with the payload.
 *
 *   e2e-exec at DIR NAME ARGV0 [ARG...]   execveat(open(DIR, O_PATH|O_DIRECTORY), NAME, argv, envp, 0)
 *   e2e-exec fd PATH - ARGV0 [ARG...]     fexecve: execveat(open(PATH, O_RDONLY), "", argv, envp,
 *                                         AT_EMPTY_PATH), as glibc's fexecve(3) does
 *   e2e-exec serve FIFO READY             a server that spawns programs (the lineage part): writes
 *                                         its pid to READY, then for each line read from FIFO forks
 *                                         a child that execs the line's tab-separated argv (argv[0]
 *                                         a path), as a web server runs a CGI program, and waits
 *                                         for it; "quit" ends it
 *
 * The new program gets ARGV0 [ARG...] as its argv. Exits 127 with a message if the exec fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static int execveat_raw(int dirfd, const char* path, char* const argv[], int flags) {
    return (int)syscall(SYS_execveat, dirfd, path, argv, environ, flags);
}

/* The server: one request at a time, each a fork and an exec, the child reaped before the next. */
static int serve(const char* fifo, const char* ready) {
    FILE* in = fopen(fifo, "r+"); /* read and write: no end of file when a writer closes */
    if (!in) {
        fprintf(stderr, "e2e-exec: open %s: %s\n", fifo, strerror(errno));
        return 127;
    }
    FILE* out = fopen(ready, "w");
    if (!out || fprintf(out, "%d\n", (int)getpid()) < 0 || fclose(out) != 0) {
        fprintf(stderr, "e2e-exec: write %s: %s\n", ready, strerror(errno));
        return 127;
    }
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        if (strcmp(line, "quit") == 0) return 0;
        char* args[64];
        int n = 0;
        for (char* field = strtok(line, "\t"); field && n < 63; field = strtok(NULL, "\t")) args[n++] = field;
        args[n] = NULL;
        if (n == 0) continue;
        pid_t child = fork();
        if (child == 0) {
            execv(args[0], args);
            fprintf(stderr, "e2e-exec: serve: exec %s: %s\n", args[0], strerror(errno));
            _exit(127);
        }
        if (child > 0) waitpid(child, NULL, 0);
    }
    return 0;
}

int main(int argc, char** argv) {
    if (argc == 4 && strcmp(argv[1], "serve") == 0) return serve(argv[2], argv[3]);
    if (argc < 5) {
        fprintf(stderr, "usage: e2e-exec at DIR NAME ARGV0 [ARG...] | e2e-exec fd PATH - ARGV0 [ARG...] | e2e-exec serve FIFO READY\n");
        return 2;
    }
    if (strcmp(argv[1], "at") == 0) {
        int dirfd = open(argv[2], O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
            fprintf(stderr, "e2e-exec: open %s: %s\n", argv[2], strerror(errno));
            return 127;
        }
        execveat_raw(dirfd, argv[3], argv + 4, 0);
    } else if (strcmp(argv[1], "fd") == 0) {
        /* argv[3] is a placeholder ("-") so both forms take the new argv from argv + 4. */
        int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "e2e-exec: open %s: %s\n", argv[2], strerror(errno));
            return 127;
        }
        execveat_raw(fd, "", argv + 4, AT_EMPTY_PATH);
    } else {
        fprintf(stderr, "e2e-exec: unknown mode %s\n", argv[1]);
        return 2;
    }
    fprintf(stderr, "e2e-exec: execveat: %s\n", strerror(errno));
    return 127;
}
