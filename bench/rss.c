/*
 * rss: runs a command and records its wall time, CPU time and peak memory,
 * for cairn's benchmark (bench/run.sh).  No dependency on GNU time.
 *
 *     rss FILE COMMAND [ARG...]
 *
 * The command's standard streams are left as they are.  When it ends, one
 * line is appended to FILE, tab-separated:
 *
 *     wall_seconds  peak_rss_kib  user_seconds  sys_seconds  status
 *
 * peak_rss_kib is wait4's ru_maxrss: the largest resident set of the
 * command's process (threads included; for a command that forks, the
 * largest of it and its waited-for children).  status is the exit status,
 * or 128 + the signal that ended it.  rss exits with that status too (127
 * when the command cannot be run).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: rss FILE COMMAND [ARG...]\n", stderr);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("rss: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rss: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	int st = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rss: wait4");
			return 127;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *f = fopen(argv[1], "a");
	if (!f) {
		fprintf(stderr, "rss: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	fprintf(f, "%.4f\t%ld\t%.3f\t%.3f\t%d\n", wall, ru.ru_maxrss, seconds(ru.ru_utime),
		seconds(ru.ru_stime), status);
	fclose(f);
	return status;
}
