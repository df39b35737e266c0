// SPDX-License-Identifier: MIT
/* Driver code with no module_init() or module_exit(): nothing to run. */
#include <linux/io.h>

int no_module_helper(void);

int no_module_helper(void)
{
	return 0;
}
