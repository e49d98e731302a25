/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

G_BEGIN_DECLS

/*
 * Background work (parse, import) yields to the main loop: on two cores, three
 * busy workers at the main thread's weight left it waiting up to ~60 ms for a
 * slice (tools/bench, sync section). On Linux the nice value is per thread. It
 * is set to the process's own plus 5, never further, so a pool thread used again
 * does not sink lower; the old value comes back where the system allows raising
 * it (as root), and otherwise the pool thread stays at that background level.
 */
#define _CA_BACKGROUND_NICE 5

static inline int
_ca_thread_lower_priority (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int base, old;

  errno = 0;
  base = getpriority (PRIO_PROCESS, getpid ());
  old = getpriority (PRIO_PROCESS, tid);
  if (errno != 0)
    return G_MININT;
  if (old < base + _CA_BACKGROUND_NICE)
    setpriority (PRIO_PROCESS, tid, MIN (base + _CA_BACKGROUND_NICE, 19));
  return old;
#else
  return G_MININT;
#endif
}

static inline void
_ca_thread_restore_priority (int old)
{
#ifdef __linux__
  /* Raising it back is allowed only up to RLIMIT_NICE; failing that it stays */
  if (old != G_MININT)
    setpriority (PRIO_PROCESS, (pid_t) syscall (SYS_gettid), old);
#endif
}

G_END_DECLS
