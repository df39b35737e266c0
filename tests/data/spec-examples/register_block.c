#include <linux/io.h>
#include <linux/module.h>

#define MY_DEVICE_REGS_PHYS_BASE 0xFE000000
#define MY_DEVICE_REGS_SIZE 0x1000

static void __iomem *regs_vaddr;

static int __init my_driver_init(void)
{
// 映射设备寄存器区域 (使用 MEMREMAP_WT 确保设备可见性)
regs_vaddr = memremap(MY_DEVICE_REGS_PHYS_BASE, MY_DEVICE_REGS_SIZE, MEMREMAP_WT);
if (!regs_vaddr) {
pr_err("Failed to remap device registers\n");
return -ENOMEM;
}

// 现在可以通过 regs_vaddr 访问寄存器
// 例如:u32 control_reg = readl(regs_vaddr + CONTROL_REG_OFFSET);
// writel(0x55AA, regs_vaddr + COMMAND_REG_OFFSET);

// ... 其他初始化代码 ...
return 0;
}

static void __exit my_driver_exit(void)
{
if (regs_vaddr) {
// 卸载时解除映射
memunmap(regs_vaddr);
regs_vaddr = NULL;
}
// ... 其他清理代码 ...
}

module_init(my_driver_init);
module_exit(my_driver_exit);
