// SPDX-License-Identifier: MIT
/*
 * The edu driver as a program: module_init() then module_exit(), on the
 * machine MEMREMAP_MACHINE names (linux in the VM guest, a sim machine on
 * the host). On a sim machine with `trace:FILE` devices it then says how
 * each replay went. Exit status 0 when init succeeded and every replay
 * matched.
 */
#include <stdio.h>

#include <memremap.h>
#include <memremap/sim.h>

typedef int (*mr_module_init_t)(void);
typedef void (*mr_module_exit_t)(void);
extern const mr_module_init_t mr_module_init;
extern const mr_module_exit_t mr_module_exit;

int main(void)
{
	struct mr_machine *m = mr_machine_current();
	struct mr_sim_device *dev = NULL;
	int ret = mr_module_init();
	char msg[400];

	if (!ret)
		mr_module_exit();
	while ((dev = mr_sim_device_next(m, dev))) {
		long r = mr_sim_replay_check(dev, msg, sizeof(msg));

		if (r < 0)
			continue;
		printf("replay: %s\n", msg);
		if (r)
			ret = 1;
	}
	return ret ? 1 : 0;
}
