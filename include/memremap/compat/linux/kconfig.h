/* SPDX-License-Identifier: MIT */
/*
 * <linux/kconfig.h>: the configuration of the "kernel" driver code meets
 * here, and IS_ENABLED() and friends to ask it. The sim machine is a kernel
 * with device trees (CONFIG_OF, reserved memory, addresses), ACPI ID
 * matching (CONFIG_ACPI, without an interpreter), sysfs, and no debugfs.
 * A driver's own symbol is the builder's to give, as kbuild's autoconf.h
 * would: -DCONFIG_QCOM_COMMAND_DB=1.
 */
#ifndef MR_COMPAT_LINUX_KCONFIG_H
#define MR_COMPAT_LINUX_KCONFIG_H

#define CONFIG_OF	       1
#define CONFIG_OF_ADDRESS      1
#define CONFIG_OF_RESERVED_MEM 1
#define CONFIG_ACPI	       1
#define CONFIG_SYSFS	       1
#define CONFIG_PRINTK	       1
#define CONFIG_HAS_IOMEM       1
#define CONFIG_MMU	       1
#if __SIZEOF_POINTER__ == 8
#define CONFIG_64BIT		 1
#define CONFIG_PHYS_ADDR_T_64BIT 1
#endif

/*
 * 1 when @option is defined to 1, else 0; works in #if and in C. A defined
 * option turns MR__KC_ON_<value> into "0," and so shifts the 1 into the
 * second slot; an undefined one leaves junk there and the 0 is second.
 */
#define MR__KC_ON_1			 0,
#define MR__KC_SECOND(ignored, val, ...) val
#define MR__KC_PICK(arg_or_junk)	 MR__KC_SECOND(arg_or_junk 1, 0, 0)
#define MR__KC_EXPAND(value)		 MR__KC_PICK(MR__KC_ON_##value)
#define MR__KC_IS_ONE(option)		 MR__KC_EXPAND(option)

#define IS_BUILTIN(option)		 MR__KC_IS_ONE(option)
#define IS_MODULE(option)		 MR__KC_IS_ONE(option##_MODULE)
#define IS_ENABLED(option)		 (IS_BUILTIN(option) || IS_MODULE(option))
#define IS_REACHABLE(option)		 IS_ENABLED(option)

#endif /* MR_COMPAT_LINUX_KCONFIG_H */
