// SPDX-License-Identifier: MIT
/*
 * PCI on a machine (memremap/pci.h) and the doctor: BARs by number on sim
 * (the resource tree) and linux (sysfs, a fake root), "BDF/barN+OFFSET"
 * resolved, binding and the uses that refuse it, and the doctor's lines
 * for a fake computer under lockdown.
 */
#include <memremap/pci.h>

#include "fake_root.h"

static char spec[800];

static const char sim_map[] = "00000000-00000fff : Reserved\n"
			      "00001000-7fffffff : System RAM\n"
			      "c0000000-febfffff : PCI Bus 0000:00\n"
			      "  c0000000-c0ffffff : 0000:00:02.0\n"
			      "  fd000000-fd0fffff : 0000:00:04.0\n"
			      "    fd000000-fd0fffff : some_driver\n"
			      "  fe000000-fe000fff : 0000:00:02.0\n"
			      "  fe001000-fe0010ff : 0000:00:04.0\n";

/* ------------------------------------------------------------ on sim */

static void test_sim_bars(void **state)
{
	struct mr_pci_addr gpu = {0, 0, 2, 0}, nic = {0, 0, 4, 0}, none = {0, 0, 9, 0};
	char path[700], sim[800];
	struct mr_machine *m;
	struct mr_pci_bar b;
	uint64_t phys = 0, avail = 0;

	(void)state;
	fake_put(sim_map, "sim.iomem");
	fake_path(path, sizeof(path), "sim.iomem");
	snprintf(sim, sizeof(sim), "sim:%s", path);
	m = mr_test_machine(sim);
	/* The function's ranges in address order. */
	assert_int_equal(mr_pci_bar(m, &gpu, 0, &b), 0);
	assert_int_equal(b.start, 0xc0000000);
	assert_int_equal(b.size, 16 << 20);
	assert_int_equal(b.bar, 0);
	assert_int_equal(mr_pci_bar(m, &gpu, 1, &b), 0);
	assert_int_equal(b.start, 0xfe000000);
	assert_int_equal(b.size, 0x1000);
	assert_int_equal(mr_pci_bar(m, &gpu, 2, &b), -ENOENT);
	assert_non_null(strstr(mr_errmsg(), "has 2 ranges"));
	/* A driver's claim below a BAR is not another BAR. */
	assert_int_equal(mr_pci_bar(m, &nic, 0, &b), 0);
	assert_int_equal(b.start, 0xfd000000);
	assert_int_equal(mr_pci_bar(m, &nic, 1, &b), 0);
	assert_int_equal(b.start, 0xfe001000);
	assert_int_equal(mr_pci_bar(m, &none, 0, &b), -ENODEV);
	assert_int_equal(mr_pci_bar(m, &gpu, 6, &b), -EINVAL);
	assert_int_equal(mr_pci_bar(m, &gpu, -1, &b), -EINVAL);
	assert_int_equal(mr_pci_bar(m, NULL, 0, &b), -EINVAL);
	assert_int_equal(mr_pci_bar(m, &gpu, 0, NULL), -EINVAL);
	/* "BDF/barN+OFFSET" */
	assert_int_equal(mr_pci_resolve(m, "0000:00:02.0/bar1+0x10", &phys, &avail), 0);
	assert_int_equal(phys, 0xfe000010);
	assert_int_equal(avail, 0xff0);
	assert_int_equal(mr_pci_resolve(m, "00:02.0/bar0", &phys, NULL), 0);
	assert_int_equal(phys, 0xc0000000);
	assert_int_equal(mr_pci_resolve(m, "00:02.0/bar1+4K", &phys, NULL), -ERANGE);
	assert_int_equal(mr_pci_resolve(m, "00:02.0/bar1+0xfff", &phys, &avail), 0);
	assert_int_equal(avail, 1);
	assert_int_equal(mr_pci_resolve(m, "00:02.0/bar1 ", &phys, NULL), -EINVAL);
	assert_int_equal(mr_pci_resolve(m, "0xfe000000", &phys, NULL), -EINVAL);
	assert_int_equal(mr_pci_resolve(m, "00:09.0/bar0", &phys, NULL), -ENODEV);
	assert_int_equal(mr_pci_resolve(m, NULL, &phys, NULL), -EINVAL);
	assert_int_equal(mr_pci_resolve(m, "00:02.0/bar0", NULL, NULL), -EINVAL);
	/* A sim machine has no config space and no drivers to bind. */
	{
		uint32_t v;
		char drv[16];

		assert_int_equal(mr_pci_config_read(m, &gpu, 0, 16, &v), -EOPNOTSUPP);
		assert_int_equal(mr_pci_config_write(m, &gpu, 0, 16, 0), -EOPNOTSUPP);
		assert_int_equal(mr_pci_driver(m, &gpu, drv, sizeof(drv)), -EOPNOTSUPP);
		assert_int_equal(mr_pci_bind(m, &gpu, "vfio-pci"), -EOPNOTSUPP);
	}
	mr_test_machine_done(m);
}

/* The current machine stands in for NULL, as for the kernel-spelled calls. */
static void test_sim_current(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	uint64_t phys = 0;

	(void)state;
	/* The built-in map: a frame buffer (0000:00:02.0) and a register block (0000:00:03.0). */
	assert_int_equal(mr_pci_resolve(NULL, "00:03.0/bar0+4", &phys, NULL), 0);
	assert_int_equal(phys, 0xfe000004);
	assert_int_equal(mr_pci_resolve(NULL, "0000:00:02.0/bar0", &phys, NULL), 0);
	assert_int_equal(phys, 0xe0000000);
	mr_test_machine_done(m);
}

/* ------------------------------------------------------------ on linux */

static const char iomem[] = "00000000-00000fff : Reserved\n"
			    "00001000-0009fbff : System RAM\n"
			    "00100000-3fffffff : System RAM\n"
			    "40000000-febfffff : PCI Bus 0000:00\n"
			    "  fd000000-fdffffff : 0000:00:04.0\n"
			    "  fe000000-fe03ffff : 0000:00:05.0\n"
			    "    fe000000-fe03ffff : e1000\n"
			    "  fea00000-feafffff : 0000:00:03.0\n"
			    "  feb11000-feb110ff : 0000:00:04.0\n";

static int setup(void **state)
{
	(void)state;
	fake_root_make();
	snprintf(spec, sizeof(spec), "linux,root=%s", fake_root);
	fake_put(iomem, "proc/iomem");
	fake_put("processor\t: 0\naddress sizes\t: 40 bits physical, 48 bits virtual\n",
		 "proc/cpuinfo");
	fake_put("console=ttyS0\n", "proc/cmdline");
	fake_put("6.1.0-fake-amd64\n", "proc/sys/kernel/osrelease");
	fake_put("Name:\tmemremap\nCapInh:\t0000000000000000\nCapEff:\t0000000000000000\n",
		 "proc/self/status");
	fake_put("", "proc/self/mountinfo");
	fake_sparse(1ULL << 32, "dev/mem");
	fake_put("", "dev/vfio/vfio");
	fake_pci("0000:00:03.0", "0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n",
		 0x1234, 0x11e8, 0x2, "vfio-pci", 3);
	fake_put("", "dev/vfio/3");
	fake_pci("0000:00:04.0",
		 "0x00000000feb11000 0x00000000feb110ff 0x0000000000040200\n"
		 "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
		 "0x00000000fd000000 0x00000000fdffffff 0x000000000014220c\n",
		 0x1af4, 0x1110, 0x0, NULL, 4);
	fake_pci("0000:00:05.0", "0x00000000fe000000 0x00000000fe03ffff 0x0000000000040200\n",
		 0x8086, 0x100e, 0x7, "e1000", 5);
	fake_mkdir("sys/bus/pci/drivers/vfio-pci");
	/* The NIC's interface, and a disk below it (a made-up layout). */
	fake_mkdir("sys/devices/pci0000:00/0000:00:05.0/net/eth0");
	fake_put("0x1003\n", "sys/devices/pci0000:00/0000:00:05.0/net/eth0/flags");
	fake_link("../../devices/pci0000:00/0000:00:05.0/net/eth0", "sys/class/net/eth0");
	fake_mkdir("sys/devices/pci0000:00/0000:00:05.0/host0/block/sda");
	fake_put("8:0\n", "sys/devices/pci0000:00/0000:00:05.0/host0/block/sda/dev");
	fake_link("../../devices/pci0000:00/0000:00:05.0/host0/block/sda", "sys/class/block/sda");
	/* Another interface, elsewhere, up: not the NIC's business. */
	fake_mkdir("sys/devices/virtual/net/lo");
	fake_put("0x9\n", "sys/devices/virtual/net/lo/flags");
	fake_link("../../devices/virtual/net/lo", "sys/class/net/lo");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_root_remove();
	return 0;
}

static void test_linux_bars(void **state)
{
	struct mr_pci_addr shm = {0, 0, 4, 0}, none = {0, 0, 9, 0};
	struct mr_machine *m = mr_test_machine(spec);
	struct mr_pci_bar b;
	uint64_t phys;
	char drv[32];

	(void)state;
	/* sysfs knows the BAR numbers: BAR2 is BAR2, whatever the address order. */
	assert_int_equal(mr_pci_bar(m, &shm, 2, &b), 0);
	assert_int_equal(b.start, 0xfd000000);
	assert_int_equal(b.size, 16 << 20);
	assert_true(b.flags & IORESOURCE_PREFETCH);
	assert_true(b.flags & IORESOURCE_MEM_64);
	assert_int_equal(mr_pci_bar(m, &shm, 0, &b), 0);
	assert_int_equal(b.start, 0xfeb11000);
	assert_false(b.flags & IORESOURCE_PREFETCH);
	assert_int_equal(mr_pci_bar(m, &shm, 1, &b), -ENOENT);
	assert_int_equal(mr_pci_bar(m, &none, 0, &b), -ENODEV);
	assert_int_equal(mr_pci_resolve(m, "00:04.0/bar2+0x1000", &phys, NULL), 0);
	assert_int_equal(phys, 0xfd001000);
	assert_int_equal(mr_pci_driver(m, &shm, drv, sizeof(drv)), 0);
	assert_string_equal(drv, "");
	shm.dev = 3;
	assert_int_equal(mr_pci_driver(m, &shm, drv, sizeof(drv)), 0);
	assert_string_equal(drv, "vfio-pci");
	assert_int_equal(mr_pci_driver(m, &shm, drv, 4), -ENAMETOOLONG);
	assert_int_equal(mr_pci_driver(m, &none, drv, sizeof(drv)), -ENODEV);
	mr_test_machine_done(m);
}

/* Binding writes what one writes by hand; a function in use is not taken from its driver. */
static void test_bind(void **state)
{
	struct mr_pci_addr nic = {0, 0, 5, 0}, edu = {0, 0, 3, 0}, none = {0, 0, 9, 0};
	struct mr_machine *m = mr_test_machine(spec);

	(void)state;
	fake_put("", "sys/bus/pci/drivers_probe");
	/* eth0 is up. */
	assert_int_equal(mr_pci_bind(m, &nic, "vfio-pci"), -EBUSY);
	assert_non_null(strstr(mr_errmsg(), "network interface eth0 is up"));
	assert_string_equal(fake_text("sys/bus/pci/drivers/e1000/unbind"), "");
	/* eth0 is down, but sda is mounted. */
	fake_put("0x1002\n", "sys/devices/pci0000:00/0000:00:05.0/net/eth0/flags");
	fake_put("22 1 8:0 / /data rw,relatime shared:1 - ext4 /dev/sda rw\n",
		 "proc/self/mountinfo");
	assert_int_equal(mr_pci_bind(m, &nic, "vfio-pci"), -EBUSY);
	assert_non_null(strstr(mr_errmsg(), "/dev/sda is mounted on /data"));
	assert_int_equal(mr_pci_bind(m, &nic, NULL), -EBUSY);
	/* Nothing in use: unbound, overridden, probed. The fake kernel binds nothing: EIO. */
	fake_put("", "proc/self/mountinfo");
	assert_int_equal(mr_pci_bind(m, &nic, "vfio-pci"), -EIO);
	assert_non_null(strstr(mr_errmsg(), "bound to e1000, not vfio-pci"));
	assert_string_equal(fake_text("sys/bus/pci/drivers/e1000/unbind"), "0000:00:05.0");
	assert_string_equal(fake_text("sys/devices/pci0000:00/0000:00:05.0/driver_override"),
			    "vfio-pci\n");
	assert_string_equal(fake_text("sys/bus/pci/drivers_probe"), "0000:00:05.0");
	/* Already bound: nothing to do. */
	fake_put("", "sys/bus/pci/drivers/vfio-pci/unbind");
	assert_int_equal(mr_pci_bind(m, &edu, "vfio-pci"), 0);
	assert_string_equal(fake_text("sys/bus/pci/drivers/vfio-pci/unbind"), "");
	/* Back to the kernel's choice: unbound, the override cleared, probed. */
	assert_int_equal(mr_pci_bind(m, &edu, NULL), 0);
	assert_string_equal(fake_text("sys/bus/pci/drivers/vfio-pci/unbind"), "0000:00:03.0");
	assert_string_equal(fake_text("sys/devices/pci0000:00/0000:00:03.0/driver_override"), "\n");
	/* A driver that is not loaded, a name that is no driver's, a function that is not there. */
	assert_int_equal(mr_pci_bind(m, &nic, "uio_pci_generic"), -ENOENT);
	assert_non_null(strstr(mr_errmsg(), "modprobe uio_pci_generic"));
	assert_int_equal(mr_pci_bind(m, &nic, "../../../etc"), -EINVAL);
	assert_int_equal(mr_pci_bind(m, &nic, ""), -EINVAL);
	assert_int_equal(mr_pci_bind(m, &nic, "vfio-pci\nx"), -EINVAL);
	assert_int_equal(mr_pci_bind(m, &none, "vfio-pci"), -ENODEV);
	mr_test_machine_done(m);
}

/* ------------------------------------------------------------- doctor */

struct lines {
	int n;
	struct mr_doctor_line v[64];
};

static void collect(const struct mr_doctor_line *line, void *arg)
{
	struct lines *l = arg;

	if (l->n < 64)
		l->v[l->n++] = *line;
}

/* The line of @topic whose text holds @needle, or NULL. */
static const struct mr_doctor_line *line_of(const struct lines *l, const char *topic,
					    const char *needle)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].topic, topic) && strstr(l->v[i].what, needle))
			return &l->v[i];
	return NULL;
}

static const struct mr_doctor_line *must(const struct lines *l, const char *topic,
					 const char *needle, int level)
{
	const struct mr_doctor_line *line = line_of(l, topic, needle);
	int i;

	if (!line) {
		for (i = 0; i < l->n; i++)
			print_message("  %d %s: %s\n", l->v[i].level, l->v[i].topic, l->v[i].what);
		fail_msg("no '%s' line saying '%s'", topic, needle);
	}
	assert_int_equal(line->level, level);
	return line;
}

static void test_doctor_machine(void **state)
{
	struct mr_machine *m;
	struct lines l = {0};
	const struct mr_doctor_line *line;

	(void)state;
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	fake_put("CONFIG_X=y\nCONFIG_STRICT_DEVMEM=y\n# CONFIG_IO_STRICT_DEVMEM is not set\n",
		 "boot/config-6.1.0-fake-amd64");
	m = mr_test_machine(spec);
	assert_int_equal(mr_machine_doctor(m, 0, 0, 0, collect, &l), MR_DOCTOR_WARN);
	must(&l, "machine", "linux", MR_DOCTOR_INFO);
	line = must(&l, "lockdown", "kernel lockdown is 'integrity'", MR_DOCTOR_WARN);
	assert_non_null(strstr(line->fix, "memremap pci bind vfio-pci"));
	must(&l, "strict-devmem", "CONFIG_STRICT_DEVMEM=y in /boot/config-6.1.0-fake-amd64",
	     MR_DOCTOR_INFO);
	must(&l, "io-strict-devmem", "IO_STRICT_DEVMEM is off", MR_DOCTOR_INFO);
	line = must(&l, "privilege", "no CAP_SYS_RAWIO", MR_DOCTOR_WARN);
	assert_non_null(strstr(line->fix, "/dev/vfio/N"));
	must(&l, "vfio", "the IOMMU is on: 3 IOMMU groups", MR_DOCTOR_OK);
	must(&l, "vfio", "group + type1 container", MR_DOCTOR_OK);
	mr_test_machine_done(m);
	/* Without the config: inferred, and how. Lockdown keeps /dev/mem from being asked. */
	fake_unlink("boot/config-6.1.0-fake-amd64");
	m = mr_test_machine(spec);
	l.n = 0;
	mr_machine_doctor(m, 0, 0, 0, collect, &l);
	must(&l, "strict-devmem", "STRICT_DEVMEM taken as on (inferred", MR_DOCTOR_INFO);
	must(&l, "strict-devmem", "lockdown shuts /dev/mem", MR_DOCTOR_INFO);
	must(&l, "io-strict-devmem", "taken as on", MR_DOCTOR_INFO);
	mr_test_machine_done(m);
	/* No lockdown: /dev/mem is asked for a page of RAM (the fake one maps it). */
	fake_put("[none] integrity confidentiality\n", "sys/kernel/security/lockdown");
	fake_put("Name:\tmemremap\nCapEff:\t000001ffffffffff\n", "proc/self/status");
	m = mr_test_machine(spec);
	l.n = 0;
	assert_true(mr_machine_doctor(m, 0, 0, 0, collect, &l) >= MR_DOCTOR_INFO);
	must(&l, "lockdown", "kernel lockdown is off", MR_DOCTOR_OK);
	must(&l, "strict-devmem",
	     "STRICT_DEVMEM is off: /dev/mem maps System RAM too (/dev/mem "
	     "allowed a read-only map of System RAM at 0x100000",
	     MR_DOCTOR_INFO);
	must(&l, "privilege", "CAP_SYS_RAWIO: /dev/mem", MR_DOCTOR_OK);
	assert_null(line_of(&l, "privilege", "CAP_SYS_ADMIN"));
	mr_test_machine_done(m);
	fake_put("Name:\tmemremap\nCapInh:\t0000000000000000\nCapEff:\t0000000000000000\n",
		 "proc/self/status");
}

static void test_doctor_range(void **state)
{
	struct mr_machine *m;
	struct lines l = {0};
	const struct mr_doctor_line *line;

	(void)state;
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	m = mr_test_machine(spec);
	/* edu, VFIO's, under lockdown: it maps, through VFIO. */
	assert_int_equal(
		mr_machine_doctor(m, 0xfea00000, 0x1000, MR_DOCTOR_RANGE_ONLY, collect, &l),
		MR_DOCTOR_INFO);
	assert_null(line_of(&l, "lockdown", ""));
	must(&l, "range", "'PCI Bus 0000:00'", MR_DOCTOR_INFO);
	must(&l, "pci", "inside bar0 of 0000:00:03.0 [mem 0xfea00000-0xfeafffff]", MR_DOCTOR_INFO);
	must(&l, "driver", "0000:00:03.0 is bound to vfio-pci", MR_DOCTOR_OK);
	must(&l, "decode", "memory decoding is on", MR_DOCTOR_OK);
	must(&l, "iommu-group",
	     "IOMMU group 3: every device in it lets VFIO have it: 0000:00:03.0 "
	     "(vfio-pci)",
	     MR_DOCTOR_OK);
	must(&l, "vfio", "the VFIO door of 0000:00:03.0 is open", MR_DOCTOR_OK);
	must(&l, "map dev", "would map as dev through vfio 0000:00:03.0 bar0 (group 3)",
	     MR_DOCTOR_OK);
	must(&l, "door", "vfio 0000:00:03.0 bar0 (group 3): taken (dev)", MR_DOCTOR_OK);
	must(&l, "pat", "no cache type is held", MR_DOCTOR_OK);
	/* ivshmem: no driver, decoding off, lockdown: nothing maps it. */
	l.n = 0;
	assert_int_equal(
		mr_machine_doctor(m, 0xfd000000, 0x1000, MR_DOCTOR_RANGE_ONLY, collect, &l),
		MR_DOCTOR_FAIL);
	line = must(&l, "driver", "0000:00:04.0 is bound to no driver", MR_DOCTOR_INFO);
	assert_string_equal(line->fix, "memremap pci bind vfio-pci 0000:00:04.0");
	line = must(&l, "decode", "memory decoding is off in PCI_COMMAND (0x0000)", MR_DOCTOR_WARN);
	assert_non_null(strstr(line->fix, "/sys/bus/pci/devices/0000:00:04.0/enable"));
	must(&l, "map dev", "refused: ", MR_DOCTOR_FAIL);
	must(&l, "door", "0000:00:04.0/resource2: refused: kernel lockdown (integrity)",
	     MR_DOCTOR_INFO);
	must(&l, "door", "/dev/mem O_SYNC: refused: kernel lockdown", MR_DOCTOR_INFO);
	must(&l, "map wc", "refused", MR_DOCTOR_INFO);
	/* The NIC: its driver's claim, a group shared with nobody, e1000 holding it. */
	l.n = 0;
	mr_machine_doctor(m, 0xfe000000, 0x1000, MR_DOCTOR_RANGE_ONLY, collect, &l);
	line = must(&l, "driver", "'e1000' [mem 0xfe000000-0xfe03ffff] has claimed the range busy",
		    MR_DOCTOR_WARN);
	assert_non_null(strstr(line->fix, "memremap pci unbind"));
	line = must(&l, "iommu-group", "IOMMU group 5 is not viable for VFIO: 0000:00:05.0 (e1000)",
		    MR_DOCTOR_WARN);
	assert_string_equal(line->fix,
			    "memremap pci bind vfio-pci 0000:00:05.0 (every device of the group)");
	/* System RAM, outside every BAR. */
	l.n = 0;
	assert_int_equal(mr_machine_doctor(m, 0x200000, 0x1000, MR_DOCTOR_RANGE_ONLY, collect, &l),
			 MR_DOCTOR_FAIL);
	must(&l, "range", "System RAM: only WB may map it", MR_DOCTOR_INFO);
	must(&l, "pci", "not inside a PCI BAR", MR_DOCTOR_INFO);
	must(&l, "map wb", "refused", MR_DOCTOR_FAIL);
	must(&l, "map dev", "refused: memremap: [mem 0x00200000-0x00200fff] is System RAM",
	     MR_DOCTOR_INFO);
	/* Bad calls. */
	assert_int_equal(mr_machine_doctor(m, 0, 0, 0, NULL, NULL), -EINVAL);
	assert_int_equal(mr_machine_doctor(m, UINT64_MAX, 2, 0, collect, &l), -EINVAL);
	mr_test_machine_done(m);
	fake_put("[none] integrity confidentiality\n", "sys/kernel/security/lockdown");
}

/* A sim machine: nothing of this computer's kernel, only the plan. */
static void test_doctor_sim(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct lines l = {0};

	(void)state;
	assert_int_equal(mr_machine_doctor(m, 0xfe000000, 0x100, 0, collect, &l), MR_DOCTOR_INFO);
	must(&l, "machine", "'sim' (sim)", MR_DOCTOR_INFO);
	assert_null(line_of(&l, "lockdown", ""));
	must(&l, "map dev", "would map as dev through sim mmap", MR_DOCTOR_OK);
	must(&l, "map wb", "would map as wb", MR_DOCTOR_OK);
	mr_test_machine_done(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_bars),       cmocka_unit_test(test_sim_current),
		cmocka_unit_test(test_linux_bars),     cmocka_unit_test(test_bind),
		cmocka_unit_test(test_doctor_machine), cmocka_unit_test(test_doctor_range),
		cmocka_unit_test(test_doctor_sim),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
