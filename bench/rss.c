/*
 * rss: runs a command and records its wall time, CPU time and peak memory,
 * for cairn's benchmark (bench/run.sh).  No dependency on GNU time.
 *
 *     rss FILE COMMAND [ARG...]
 *
 * The command's standard streams are left as they are.  When it ends, one
 * line is appended to FILE, tab-separated:
 *
 *     wall_seconds  peak_rss_kib  user_seconds  sys_seconds  status  other_cpu
 *
 * peak_rss_kib is wait4's ru_maxrss: the largest resident set of the
 * command's process (threads included; for a command that forks, the
 * largest of it and its waited-for children).  status is the exit status,
 * or 128 + the signal that ended it.  rss exits with that status too (127
 * when the command cannot be run).  other_cpu is the CPU time the rest of
 * the machine used meanwhile (every process but the command, from
 * /proc/stat), in seconds: a busy machine makes timings noisy, and this says
 * how busy it was.  It is -1 where /proc/stat cannot be read.
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

/* CPU time spent by the whole machine so far (not idle, not waiting for
 * I/O), in seconds; -1 when unknown. */
static double machine_busy(void)
{
	FILE *f = fopen("/proc/stat", "r");
	if (!f)
		return -1;
	unsigned long long v[8] = { 0 };
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		       &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	long hz = sysconf(_SC_CLK_TCK);
	if (n != 8 || hz <= 0)
		return -1;
	/* user nice system idle iowait irq softirq steal: all but idle, iowait */
	return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)hz;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: rss FILE COMMAND [ARG...]\n", stderr);
		return 2;
	}
	struct timespec t0, t1;
	double busy0 = machine_busy();
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
	double busy1 = machine_busy();
	double wall = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *f = fopen(argv[1], "a");
	if (!f) {
		fprintf(stderr, "rss: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	double own = seconds(ru.ru_utime) + seconds(ru.ru_stime);
	double other = -1;
	if (busy0 >= 0 && busy1 >= 0) {
		other = busy1 - busy0 - own;
		if (other < 0)
			other = 0; /* clock ticks are coarser than rusage */
	}
	fprintf(f, "%.4f\t%ld\t%.3f\t%.3f\t%d\t%.2f\n", wall, ru.ru_maxrss,
		seconds(ru.ru_utime), seconds(ru.ru_stime), status, other);
	fclose(f);
	return status;
}
