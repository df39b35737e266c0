#!/bin/sh
# include_graph.sh CC -I... : each snippet includes one compatibility header,
# as a real kernel file does, and uses names the kernel's own include graph
# gives through it. A name that does not arrive is an implicit declaration
# or an unknown type: an error here (-Werror), as it is a link failure at
# the module's dlopen() when a driver is built with the kernel's -w.
set -u
cc=$1
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
count=0
check() { # NAME FLAGS..., then the snippet on standard input
	name=$1
	shift
	count=$((count + 1))
	cat >"$dir/$name.c"
	if "$cc" -std=gnu11 -fsyntax-only -Wall -Werror "$@" "$dir/$name.c" >"$dir/$name.log" 2>&1; then
		echo "ok: $name"
	else
		echo "FAILED: $name"
		cat "$dir/$name.log"
		fails=$((fails + 1))
	fi
}

# memconsole.c (6.1): <linux/module.h> and <linux/sysfs.h>, then WARN_ON_ONCE.
check module_reaches_bug_list_kobject "$@" <<'C'
#include <linux/module.h>
static struct list_head items = LIST_HEAD_INIT(items);
int f(struct kobject *k) { return WARN_ON_ONCE(!k) || list_empty(&items); }
C
# sr-thermal.c (6.1): <linux/of_address.h>, then device_property_read_u32().
check of_reaches_property "$@" <<'C'
#include <linux/of_address.h>
int f(struct device *dev, u32 *v) { return device_property_read_u32(dev, "mask", v); }
C
# A sensor of 6.1 reads the zone's fields.
check thermal_zone_fields "$@" <<'C'
#include <linux/thermal.h>
void *f(struct thermal_zone_device *tz) { return tz->devdata; }
C
check platform_device_reaches_device_io_string "$@" <<'C'
#include <linux/platform_device.h>
int f(struct platform_device *pdev, void __iomem *regs, const void *a)
{
	return readl(regs) + !dev_name(&pdev->dev) + memcmp(a, "ACME", 4);
}
C
check kernel_reaches_string "$@" <<'C'
#include <linux/kernel.h>
ssize_t f(char *d, const char *s) { return strscpy(d, s, 8) + (ssize_t)strlen(s); }
C
check random_shadows_uapi "$@" <<'C'
#include <linux/random.h>
void f(const void *p) { add_device_randomness(p, 16); (void)RNDGETENTCNT; }
C

echo "$((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
