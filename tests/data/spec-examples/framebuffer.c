#include <linux/io.h>
#include <linux/fb.h> // 可能用到 fb_info

void *map_framebuffer(phys_addr_t fb_phys, size_t fb_size)
{
void *fb_vaddr;

// 映射帧缓冲区为写合并 (WC) 以提高写入性能
fb_vaddr = memremap(fb_phys, fb_size, MEMREMAP_WC);
if (!fb_vaddr) {
pr_err("Failed to remap framebuffer\n");
return NULL;
}

return fb_vaddr;
}

void unmap_framebuffer(void *fb_vaddr)
{
if (fb_vaddr) {
memunmap(fb_vaddr);
}
}

// 在 fb_probe 中调用 map_framebuffer,在 fb_remove 中调用 unmap_framebuffer
