// SPDX-License-Identifier: MIT
/*
 * Hostile environments: a privileged program that links the library must
 * not let its caller pick files through the environment (AT_SECURE), and
 * the files the library reads must be what they claim to be (regular files
 * of a sane size, no symlinks where device and sysfs files should be), with
 * nothing of their contents in error messages.
 */
#include <fcntl.h>
#include <pwd.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <memremap/io.h>

#include "mr_test.h"

static char self[4096];

/* ---------------------------------------------------------- AT_SECURE */

/*
 * Run setuid to another user: the kernel sets AT_SECURE, and the library
 * must act as if MEMREMAP_MACHINE and MEMREMAP_COPY were not set. Exit 0
 * when it did; 3 when AT_SECURE was not set (a nosuid file system).
 */
static int secure_child(const char *mem)
{
	struct mr_machine *m = NULL;
	struct stat st;

	if (!getauxval(AT_SECURE))
		return 3;
	if (!mr_machine_open(&m, NULL)) {
		/* Whatever opened, it is not the sim the caller asked for. */
		if (!strcmp(mr_machine_platform(m), "sim"))
			return 4;
		mr_machine_close(m);
	} else if (strstr(mr_errmsg(), "sim")) {
		return 5;
	}
	if (!stat(mem, &st))
		return 6; /* the file the caller named was created */
	if (!strcmp(mr_copy_path(), "generic") && strcmp(getenv("MR_TEST_BEST_COPY"), "generic"))
		return 7; /* MEMREMAP_COPY was obeyed */
	return 0;
}

/* A copy of this program, setuid to nobody, in @dir; its path in @out. */
static bool setuid_copy(const char *dir, char *out, size_t len, uid_t nobody)
{
	char buf[65536];
	ssize_t n;
	int in, fd;

	snprintf(out, len, "%s/mr-secure-XXXXXX", dir);
	fd = mkstemp(out);
	if (fd < 0)
		return false;
	in = open(self, O_RDONLY);
	assert_true(in >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(fd, buf, (size_t)n), n);
	close(in);
	close(fd);
	if (chown(out, nobody, (gid_t)-1) || chmod(out, 04755)) {
		unlink(out);
		return false;
	}
	return true;
}

static __attribute__((unused)) void test_at_secure(void **state)
{
	static const char *const dirs[] = {MR_TEST_BUILD_DIR, "/tmp", "/var/tmp", "/dev/shm"};
	struct passwd *pw = getpwnam("nobody");
	char prog[4096], mem[64], env_machine[128], best[64];
	int status = -1;
	pid_t pid;

	(void)state;
	if (geteuid() != 0) {
		print_message("NOT RUN: making a setuid program needs root (CI runs as root)\n");
		skip();
	}
	assert_non_null(pw);
	snprintf(mem, sizeof(mem), "/tmp/mr-secure-mem-%d", (int)getpid());
	unlink(mem);
	snprintf(env_machine, sizeof(env_machine), "MEMREMAP_MACHINE=sim,mem=%s", mem);
	snprintf(best, sizeof(best), "MR_TEST_BEST_COPY=%s", mr_copy_path());
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && status != 0; i++) {
		char *argv[] = {prog, "--secure-child", mem, NULL};
		char *envp[] = {env_machine, "MEMREMAP_COPY=generic", best, NULL};

		if (!setuid_copy(dirs[i], prog, sizeof(prog), pw->pw_uid))
			continue;
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			execve(prog, argv, envp);
			_exit(127);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		unlink(prog);
		assert_true(WIFEXITED(status));
		status = WEXITSTATUS(status);
		/* 3: mounted nosuid here; try the next folder. */
		if (status != 3)
			assert_int_equal(status, 0);
	}
	if (status)
		fail_msg("no folder where a setuid program gets AT_SECURE");
	unlink(mem);
}

/* ------------------------------------------------------ files that lie */

static void test_map_not_regular(void **state)
{
	struct mr_machine *m = NULL;
	char fifo[64], spec[128];

	(void)state;
	/* A FIFO would block the open forever; a device never ends. */
	snprintf(fifo, sizeof(fifo), "/tmp/mr-fifo-%d", (int)getpid());
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(spec, sizeof(spec), "sim:%s", fifo);
	assert_errno(mr_machine_open(&m, spec) == -EINVAL, EINVAL);
	assert_non_null(strstr(mr_errmsg(), "not a regular file"));
	snprintf(spec, sizeof(spec), "sim,pat=%s", fifo);
	assert_errno(mr_machine_open(&m, spec) == -EINVAL, EINVAL);
	unlink(fifo);
	assert_errno(mr_machine_open(&m, "sim,pat=/dev/zero") == -EINVAL, EINVAL);
	assert_errno(mr_machine_open(&m, "sim:/dev/zero") == -EINVAL, EINVAL);
	assert_errno(mr_machine_open(&m, "sim:/tmp") == -EINVAL, EINVAL);
	assert_null(m);
}

/* The limit is a size a file may have: exactly it is fine, one byte more is not. */
static void test_map_size_limit(void **state)
{
	static const char line[] = "00000000-00000fff : Reserved\n";
	const size_t limit = 64UL << 20;
	struct mr_machine *m = NULL;
	char path[64], spec[128];
	size_t n = 0;
	FILE *f;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/mr-big-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(line, f);
	n = sizeof(line) - 1;
	/* Padding the kernel never prints: blank, then filled to the byte. */
	for (; n < limit - 1; n++)
		fputc(n + 1 < limit - 1 ? ' ' : '\n', f);
	fputc('\n', f);
	fclose(f);
	snprintf(spec, sizeof(spec), "sim:%s", path);
	/* Exactly the limit: read; whatever the parser says, it is not "too large". */
	if (mr_machine_open(&m, spec)) {
		assert_int_not_equal(errno, EFBIG);
	} else {
		mr_machine_close(m);
		m = NULL;
	}
	assert_int_equal(truncate(path, (off_t)limit + 1), 0);
	assert_errno(mr_machine_open(&m, spec) == -EFBIG, EFBIG);
	unlink(path);
}

/* A PAT file that is not a PAT list: the error names the line, not its text. */
static void test_no_contents_in_errors(void **state)
{
	struct mr_machine *m = NULL;
	char path[64], spec[128];
	FILE *f;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/mr-secret-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("root:$6$s3cr3t:19000:0:99999:7:::\n", f);
	fclose(f);
	snprintf(spec, sizeof(spec), "sim,pat=%s", path);
	assert_errno(mr_machine_open(&m, spec) == -EINVAL, EINVAL);
	assert_null(strstr(mr_errmsg(), "s3cr3t"));
	assert_null(strstr(mr_errmsg(), "root:"));
	snprintf(spec, sizeof(spec), "sim:%s", path);
	assert_errno(mr_machine_open(&m, spec) == -EINVAL, EINVAL);
	assert_null(strstr(mr_errmsg(), "s3cr3t"));
	unlink(path);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
#ifndef MR_TEST_EMULATED /* under qemu-user a setuid copy of an arm64 program cannot run */
		cmocka_unit_test(test_at_secure),
#endif
		cmocka_unit_test(test_map_not_regular),
		cmocka_unit_test(test_map_size_limit),
		cmocka_unit_test(test_no_contents_in_errors),
	};

	/* _exit: a sanitizer's leak check at exit cannot work in a setuid process. */
	if (argc == 3 && !strcmp(argv[1], "--secure-child"))
		_exit(secure_child(argv[2]));
	if (!realpath("/proc/self/exe", self))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
