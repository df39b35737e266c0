// SPDX-License-Identifier: MIT
/*
 * The linux machine's inputs: its spec options and the text it reads from
 * the kernel (/proc/iomem, /proc/cmdline, /proc/cpuinfo, the PAT list, PCI
 * resource files, device DAX and UIO attributes), through a fake root
 * (linux,root=DIR) written afresh from each input. Whatever the text, the
 * machine opens or fails with a negative errno, errno and a message; an
 * open one answers queries and maps with errno and a message on each
 * refusal, and leaves nothing mapped, nothing open and nothing leaked.
 *
 * An input is the spec's options on its first line, then files, each
 * introduced by a line "@NAME" where NAME is one of the files below; a file
 * not in the input does not exist. The device files that are mapped
 * (dev/mem, resourceN, dev/dax0.0, dev/uio0) are sparse files made once,
 * so that the doors really map; mapped memory is never touched (a fake
 * file may be shorter than what the text claims).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memremap.h>

#include "fuzz.h"

/* The text files an input may give, under the fake root. */
static const char *const texts[] = {
	"proc/iomem",
	"proc/cmdline",
	"proc/cpuinfo",
	"sys/kernel/debug/x86/pat_memtype_list",
	"sys/bus/pci/devices/0000:00:03.0/resource",
	"sys/bus/pci/devices/0000:00:04.0/resource",
	"sys/bus/dax/devices/dax0.0/align",
	"sys/bus/dax/devices/dax0.0/mapping0/start",
	"sys/bus/dax/devices/dax0.0/mapping0/end",
	"sys/bus/dax/devices/dax0.0/mapping0/page_offset",
	"sys/bus/dax/devices/dax0.0/resource",
	"sys/bus/dax/devices/dax0.0/size",
	"sys/class/uio/uio0/maps/map0/addr",
	"sys/class/uio/uio0/maps/map0/size",
};

#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* The files that are mapped, and their (sparse) sizes. */
static const struct {
	const char *name;
	off_t size;
} devices[] = {
	{"dev/mem", 1LL << 32},
	{"dev/dax0.0", 64 << 20},
	{"dev/uio0", 4096},
	{"sys/bus/pci/devices/0000:00:03.0/resource0", 1 << 20},
	{"sys/bus/pci/devices/0000:00:04.0/resource0", 4096},
	{"sys/bus/pci/devices/0000:00:04.0/resource2", 16 << 20},
	{"sys/bus/pci/devices/0000:00:04.0/resource2_wc", 16 << 20},
};

/* Addresses every open machine is asked about, beside its own resources. */
static const uint64_t probes[] = {0x0,	      0x100000,	  0x30000000, 0x38200000,
				  0xfd000000, 0xfea00000, 0xfeb11000, 0xfeb20000};

static char root[] = "/tmp/mr-fuzz-linux-XXXXXX";

/* Write @n bytes of @text to root/@rel, making the folders on the way. */
static void put(const char *rel, const char *text, size_t n)
{
	char path[512], *slash;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + sizeof(root), '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FUZZ_CHECK(fd >= 0, "cannot write %s", path);
	FUZZ_CHECK(!n || write(fd, text, n) == (ssize_t)n, "cannot write %s", path);
	close(fd);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_root(void)
{
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[512];

	(void)argc;
	(void)argv;
	mr_set_log(fuzz_quiet_log, NULL);
	FUZZ_CHECK(mkdtemp(root), "cannot make a fake root");
	atexit(remove_root);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		put(devices[i].name, "", 0);
		snprintf(path, sizeof(path), "%s/%s", root, devices[i].name);
		FUZZ_CHECK(!truncate(path, devices[i].size), "cannot size %s", path);
	}
	return 0;
}

/* The index of the text file named by the line at @s (@n bytes), or -1. */
static int text_index(const char *s, size_t n)
{
	for (size_t i = 0; i < NTEXTS; i++)
		if (strlen(texts[i]) == n && !memcmp(texts[i], s, n))
			return (int)i;
	return -1;
}

/*
 * Split the input: the options line into @opts, and each "@NAME" file into
 * the fake root; the text files the input does not name are removed.
 */
static void write_root(const char *data, size_t size, char *opts, size_t optlen)
{
	const char *end = data + size, *p, *nl, *body = NULL;
	bool given[NTEXTS] = {false};
	char path[512];
	int cur = -1, idx;

	nl = memchr(data, '\n', size);
	snprintf(opts, optlen, "%.*s", (int)((nl ? nl : end) - data), data);
	for (p = nl ? nl + 1 : end; p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		idx = *p == '@' ? text_index(p + 1, (size_t)((nl ? nl : end) - p - 1)) : -1;
		if (idx < 0)
			continue;
		if (cur >= 0)
			put(texts[cur], body, (size_t)(p - body));
		cur = idx;
		given[idx] = true;
		body = nl ? nl + 1 : end;
	}
	if (cur >= 0)
		put(texts[cur], body, (size_t)(end - body));
	for (size_t i = 0; i < NTEXTS; i++) {
		if (given[i])
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, texts[i]);
		unlink(path);
	}
}

/* One request: a refusal has errno and a message, a mapping its own record. */
static void check_map(struct mr_machine *m, uint64_t phys, size_t size, unsigned long flags)
{
	struct mr_mapping_info info;
	struct mr_query q;
	int ret;
	void *p;

	ret = mr_memremap_query(m, phys, size, flags, &q);
	FUZZ_CHECK(ret <= 0 && ret == q.result, "query %d, result %d", ret, q.result);
	FUZZ_CHECK(!ret || q.why[0], "a refused query says nothing");
	errno = 0;
	p = mr_memremap(m, phys, size, flags);
	if (!p) {
		FUZZ_CHECK(errno > 0, "a refusal without errno at %#llx", (unsigned long long)phys);
		FUZZ_CHECK(mr_errmsg()[0], "a refusal without a message");
		return;
	}
	FUZZ_CHECK(!mr_mapping_info(p, &info), "no record of a mapping");
	FUZZ_CHECK(info.phys == phys && info.size == size, "the record is of another range");
	FUZZ_CHECK(info.type & (MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_WC | MEMREMAP_DEV),
		   "type %#lx", info.type);
	memunmap(p);
}

static void check_open(struct mr_machine *m)
{
	static const unsigned long types[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};
	struct resource *root_res = mr_iomem_resource(m), *r;
	unsigned long held;
	size_t i, n = 0;

	FUZZ_CHECK(!strcmp(mr_machine_platform(m), "linux"), "platform %s", mr_machine_platform(m));
	FUZZ_CHECK(mr_machine_phys_bits(m) >= 32 && mr_machine_phys_bits(m) <= 64, "phys bits %u",
		   mr_machine_phys_bits(m));
	FUZZ_CHECK(root_res, "an open machine without a tree");
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		for (size_t t = 0; t < 4; t++)
			check_map(m, probes[i], 0x1000, types[t]);
	/* The map's own ranges, a few of them, at their start and across their end. */
	for (r = root_res->child; r && n < 8; r = r->sibling, n++) {
		(void)mr_machine_memtype(m, r->start, 0x1000, &held, NULL, 0);
		for (size_t t = 0; t < 4; t++) {
			check_map(m, r->start, 0x10, types[t] | MEMREMAP_EXCLUSIVE);
			if (r->end >= 0x7)
				check_map(m, r->end - 0x7, 0x10, types[t]);
		}
	}
	FUZZ_CHECK(mr_machine_mappings(m) == 0, "%zu mappings left", mr_machine_mappings(m));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_machine *m = (struct mr_machine *)&m;
	char opts[512], spec[600];
	int ret, fds;

	write_root((const char *)data, size, opts, sizeof(opts));
	/* The options are the input's; the root is always ours. */
	snprintf(spec, sizeof(spec), "linux,root=%s%s%s", root, opts[0] ? "," : "", opts);
	fds = dup(0);
	close(fds);
	errno = 0;
	ret = mr_machine_open(&m, spec);
	if (ret) {
		FUZZ_CHECK(ret < 0 && errno == -ret, "ret %d errno %d", ret, errno);
		FUZZ_CHECK(!m, "a failed open returned a machine");
		FUZZ_CHECK(mr_errmsg()[0], "no message");
	} else {
		FUZZ_CHECK(m, "no machine");
		check_open(m);
		mr_machine_close(m);
	}
	/* Nothing stays open: the next descriptor is the one free before. */
	ret = dup(0);
	FUZZ_CHECK(ret == fds, "a descriptor was left open (%d, not %d)", ret, fds);
	close(ret);
	return 0;
}
