#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

/// MHD_start_daemon is variadic; Swift calls this typed wrapper instead.
/// The listening address comes from `addr` (MHD_OPTION_SOCK_ADDR), so the daemon
/// binds only to that host; the port argument is ignored by MHD in that case.
static inline struct MHD_Daemon *campushub_mhd_start(
    unsigned int flags, const struct sockaddr *addr, unsigned int threads,
    unsigned int timeoutSeconds, size_t memoryLimit, unsigned int connectionLimit,
    MHD_AccessHandlerCallback handler, void *handlerContext,
    MHD_RequestCompletedCallback completed, void *completedContext)
{
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handlerContext,
                            MHD_OPTION_SOCK_ADDR, addr,
                            MHD_OPTION_THREAD_POOL_SIZE, threads,
                            MHD_OPTION_CONNECTION_TIMEOUT, timeoutSeconds,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, memoryLimit,
                            MHD_OPTION_CONNECTION_LIMIT, connectionLimit,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completedContext,
                            MHD_OPTION_END);
}

/// MHD_get_daemon_info is variadic; returns the bound port, or 0 if unknown.
static inline uint16_t campushub_mhd_bound_port(struct MHD_Daemon *daemon)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}
