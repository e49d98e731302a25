/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-bench-exec"

/*
 * How long a program takes from exec to its first frame on screen, seen from
 * outside the program, so that Cluster Atlas, an empty window and another GNOME
 * app are all measured the same way:
 *
 *   ca-bench-exec [--timeout SECONDS] [--verbose] [--snapshot FILE.ppm] [--] COMMAND [ARG…]
 *
 * Runs COMMAND in a process group of its own, waits for its first top-level
 * window to be mapped and then drawn, kills the group and prints
 *
 *   map_ms=…            exec to the window mapped (as this tool read the event)
 *   first_pixels_ms=…   exec to the program's first drawing into it (the X server's
 *                       time of the drawing, which a busy machine does not delay)
 *   window_size=W×H     the window's size when mapped
 *
 * Exits 0, or 1 when no window drew within the timeout (default 30 s) or
 * COMMAND exited first, 2 on bad arguments or no usable display.
 *
 * It needs an X server with the DAMAGE extension and no compositor (Xvfb):
 * there, drawing into a window draws onto the screen, so a damage object on
 * the root window reports every drawing of every window, from before COMMAND
 * starts (one made on the window when it appears could miss a quick first
 * frame). Without a window manager a window is mapped as it asks.
 *
 * As it maps a window the server fills it with the window's background, and GTK
 * gives its windows a black one: that flat fill is the server's, not a frame. So
 * the first pixels are the first drawing after which the window no longer shows a
 * single colour (read back along three lines across the damaged part; a GTK frame
 * has at least its border). --verbose prints every damage and the next half
 * second's after the first frame; --snapshot saves what the window showed then.
 */

#include "config.h"

#include <glib.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static gboolean verbose;
static gint64 started;

static double
since_start_ms (void)
{
  return (g_get_monotonic_time () - started) / 1000.0;
}

static void
note (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
note (const char *format,
      ...)
{
  va_list args;

  if (!verbose)
    return;
  va_start (args, format);
  fprintf (stderr, "%8.1f ms  ", since_start_ms ());
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
}

/* Waits for an X event for at most timeout_ms; FALSE when none came */
static gboolean
wait_event (Display *dpy,
            int      timeout_ms)
{
  struct pollfd pfd = { .fd = ConnectionNumber (dpy), .events = POLLIN };

  if (XPending (dpy) > 0)
    return TRUE;
  if (poll (&pfd, 1, timeout_ms) <= 0)
    return FALSE;
  return XPending (dpy) > 0;
}

/* The whole group: a program may have started helpers of its own */
static void
kill_group (pid_t pid)
{
  int status;

  if (kill (-pid, SIGTERM) < 0 && errno != ESRCH)
    g_warning ("kill: %s", g_strerror (errno));
  for (int i = 0; i < 300; i++)
    {
      if (waitpid (pid, &status, WNOHANG) != 0)
        break;
      g_usleep (10 * 1000);
    }
  kill (-pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
}

static gboolean
clip (const XRectangle *a,
      const XRectangle *b,
      XRectangle       *out)
{
  int x = MAX (a->x, b->x), y = MAX (a->y, b->y);
  int right = MIN (a->x + a->width, b->x + b->width);
  int bottom = MIN (a->y + a->height, b->y + b->height);

  if (right <= x || bottom <= y)
    return FALSE;
  *out = (XRectangle) { x, y, right - x, bottom - y };
  return TRUE;
}

/* Whether the screen shows one colour along the top row, the middle row and the
 * middle column of RECT: a background fill does, a GTK frame does not */
static gboolean
is_flat (Display          *dpy,
         Window            root,
         const XRectangle *rect)
{
  const XRectangle lines[] = {
    { rect->x, rect->y, rect->width, 1 },
    { rect->x, rect->y + rect->height / 2, rect->width, 1 },
    { rect->x + rect->width / 2, rect->y, 1, rect->height },
  };
  gboolean have_first = FALSE;
  unsigned long first = 0;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      XImage *image = XGetImage (dpy, root, lines[i].x, lines[i].y, lines[i].width,
                                 lines[i].height, AllPlanes, ZPixmap);
      gboolean flat = TRUE;

      if (image == NULL)
        return FALSE;
      for (int y = 0; flat && y < image->height; y++)
        for (int x = 0; flat && x < image->width; x++)
          {
            unsigned long pixel = XGetPixel (image, x, y);

            if (!have_first)
              first = pixel, have_first = TRUE;
            flat = pixel == first;
          }
      XDestroyImage (image);
      if (!flat)
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  int        damage_event;
  XRectangle place;
  gboolean   found;
} LaterDamage;

static Bool
find_later_damage (Display  *dpy,
                   XEvent   *event,
                   XPointer  user_data)
{
  LaterDamage *later = (LaterDamage *) user_data;
  XRectangle inside;

  if (event->type == later->damage_event + XDamageNotify &&
      clip (&((XDamageNotifyEvent *) event)->area, &later->place, &inside))
    later->found = TRUE;
  return False;    /* leaves the queue as it is */
}

/* The window's pixels as a binary PPM, which any image tool reads */
static gboolean
save_snapshot (Display          *dpy,
               Window            root,
               const XRectangle *place,
               const char       *path)
{
  XImage *image = XGetImage (dpy, root, place->x, place->y, place->width, place->height,
                             AllPlanes, ZPixmap);
  FILE *file;

  if (image == NULL)
    return FALSE;
  file = fopen (path, "wb");
  if (file == NULL)
    {
      XDestroyImage (image);
      return FALSE;
    }
  fprintf (file, "P6\n%d %d\n255\n", image->width, image->height);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);
        unsigned char rgb[3] = { (pixel & image->red_mask) >> 16,
                                 (pixel & image->green_mask) >> 8,
                                 pixel & image->blue_mask };

        fwrite (rgb, 1, sizeof rgb, file);
      }
  XDestroyImage (image);
  return fclose (file) == 0;
}

int
main (int   argc,
      char *argv[])
{
  double timeout_s = 30;
  const char *snapshot = NULL;
  int first_arg = 1;
  Display *dpy;
  Window root;
  XRectangle screen;
  int damage_event, damage_error;
  Damage damage;
  pid_t pid;
  Window window = None;
  /* Where each top-level window is, from the events: asking the server would
   * wait behind the program's drawing */
  g_autoptr(GHashTable) places = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  XRectangle place = { 0 };
  double map_ms = -1, pixels_ms = -1;
  guint flat_fills = 0;
  gboolean exited = FALSE;
  gboolean destroyed = FALSE;
  gint64 deadline;

  for (; first_arg < argc; first_arg++)
    {
      if (g_str_equal (argv[first_arg], "--verbose"))
        verbose = TRUE;
      else if (g_str_equal (argv[first_arg], "--timeout") && first_arg + 1 < argc)
        timeout_s = g_ascii_strtod (argv[++first_arg], NULL);
      else if (g_str_equal (argv[first_arg], "--snapshot") && first_arg + 1 < argc)
        snapshot = argv[++first_arg];
      else if (g_str_equal (argv[first_arg], "--"))
        {
          first_arg++;
          break;
        }
      else if (argv[first_arg][0] == '-')
        first_arg = argc;
      else
        break;
    }
  if (first_arg >= argc || timeout_s <= 0)
    {
      fprintf (stderr, "usage: ca-bench-exec [--timeout SECONDS] [--verbose] [--snapshot FILE.ppm] "
                       "[--] COMMAND [ARG…]\n");
      return 2;
    }

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "ca-bench-exec: cannot open the display\n");
      return 2;
    }
  if (!XDamageQueryExtension (dpy, &damage_event, &damage_error))
    {
      fprintf (stderr, "ca-bench-exec: the X server has no DAMAGE extension\n");
      return 2;
    }
  /* The program must not inherit our connection */
  fcntl (ConnectionNumber (dpy), F_SETFD, FD_CLOEXEC);

  root = DefaultRootWindow (dpy);
  screen = (XRectangle) { 0, 0, DisplayWidth (dpy, DefaultScreen (dpy)),
                          DisplayHeight (dpy, DefaultScreen (dpy)) };
  XSelectInput (dpy, root, SubstructureNotifyMask);
  damage = XDamageCreate (dpy, root, XDamageReportRawRectangles);
  /* Xvfb draws the pointer into the screen: out of the way in a corner, so it
   * neither damages nor covers a window at the origin */
  XWarpPointer (dpy, None, root, 0, 0, 0, 0, screen.width - 1, screen.height - 1);
  /* Whatever happened on the screen before the start is not the program's */
  XSync (dpy, True);

  fflush (NULL);
  started = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    {
      fprintf (stderr, "ca-bench-exec: fork: %s\n", g_strerror (errno));
      return 2;
    }
  if (pid == 0)
    {
      setpgid (0, 0);
      execvp (argv[first_arg], argv + first_arg);
      fprintf (stderr, "ca-bench-exec: %s: %s\n", argv[first_arg], g_strerror (errno));
      _exit (127);
    }
  /* Both sides, so the group exists whichever runs first */
  setpgid (pid, pid);

  deadline = started + (gint64) (timeout_s * G_USEC_PER_SEC);
  while (pixels_ms < 0)
    {
      XEvent event;
      int left_ms = (int) ((deadline - g_get_monotonic_time ()) / 1000);

      if (!exited && left_ms <= 0)
        break;
      if (!exited && waitpid (pid, NULL, WNOHANG) == pid)
        {
          /* It may have drawn and quit (ca-bench-ui empty does): read what the
           * server still has, then give up */
          exited = TRUE;
          note ("exited");
          XSync (dpy, False);
        }
      if (!wait_event (dpy, exited ? 0 : MIN (left_ms, 50)))
        {
          if (exited)
            break;
          continue;
        }
      XNextEvent (dpy, &event);

      if (event.type == CreateNotify && event.xcreatewindow.parent == root)
        {
          XRectangle *r = g_new (XRectangle, 1);

          *r = (XRectangle) { event.xcreatewindow.x, event.xcreatewindow.y,
                              event.xcreatewindow.width, event.xcreatewindow.height };
          g_hash_table_insert (places, GSIZE_TO_POINTER (event.xcreatewindow.window), r);
        }
      else if (event.type == ConfigureNotify && event.xconfigure.event == root)
        {
          XRectangle *r = g_hash_table_lookup (places, GSIZE_TO_POINTER (event.xconfigure.window));

          if (r != NULL)
            *r = (XRectangle) { event.xconfigure.x, event.xconfigure.y,
                                event.xconfigure.width, event.xconfigure.height };
          if (event.xconfigure.window == window && r != NULL)
            clip (r, &screen, &place);
        }
      else if (event.type == MapNotify && event.xmap.event == root &&
               !event.xmap.override_redirect && window == None &&
               g_hash_table_contains (places, GSIZE_TO_POINTER (event.xmap.window)))
        {
          map_ms = since_start_ms ();
          window = event.xmap.window;
          if (!clip (g_hash_table_lookup (places, GSIZE_TO_POINTER (window)), &screen, &place))
            place = (XRectangle) { 0 };
          note ("mapped 0x%lx at %d,%d, %d×%d", window, place.x, place.y,
                place.width, place.height);
        }
      else if (event.type == MapNotify)
        note ("mapped 0x%lx (%s)", event.xmap.window,
              event.xmap.override_redirect ? "override-redirect" : "not the first");
      else if (event.type == damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *d = (XDamageNotifyEvent *) &event;
          /* Server time is in ms of CLOCK_MONOTONIC, as g_get_monotonic_time () */
          double server_ms = (guint32) (d->timestamp - (guint32) (started / 1000));
          double seen_ms = since_start_ms ();
          LaterDamage later = { damage_event, place, FALSE };
          XRectangle drawn;
          XEvent unused;

          if (window == None || !clip (&d->area, &place, &drawn))
            {
              note ("damage %d,%d %d×%d, not in the window", d->area.x, d->area.y,
                    d->area.width, d->area.height);
              continue;
            }
          /* The read-back shows this drawing only if no later one is queued */
          if (is_flat (dpy, root, &drawn))
            {
              flat_fills++;
              note ("damage %d,%d %d×%d at %.0f ms: one colour", d->area.x, d->area.y,
                    d->area.width, d->area.height, server_ms);
              continue;
            }
          XCheckIfEvent (dpy, &unused, find_later_damage, (XPointer) &later);
          if (later.found)
            {
              note ("damage %d,%d %d×%d at %.0f ms: drawn over since", d->area.x, d->area.y,
                    d->area.width, d->area.height, server_ms);
              continue;
            }
          note ("damage %d,%d %d×%d at %.0f ms: first frame", d->area.x, d->area.y,
                d->area.width, d->area.height, server_ms);
          /* A server clock that disagrees (another machine's?) is not used */
          pixels_ms = server_ms >= 0 && server_ms <= seen_ms + 1 ? server_ms : seen_ms;
        }
      else if (event.type == DestroyNotify && event.xdestroywindow.window == window)
        destroyed = TRUE;
    }

  if (pixels_ms >= 0 && snapshot != NULL && !save_snapshot (dpy, root, &place, snapshot))
    fprintf (stderr, "ca-bench-exec: could not save %s\n", snapshot);

  /* What came after the first frame */
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
       verbose && pixels_ms >= 0 && g_get_monotonic_time () < end;)
    {
      XEvent event;

      if (!wait_event (dpy, 20))
        continue;
      XNextEvent (dpy, &event);
      if (event.type == damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *d = (XDamageNotifyEvent *) &event;

          note ("then damage %d,%d %d×%d", d->area.x, d->area.y, d->area.width, d->area.height);
        }
      else if (event.type == DestroyNotify && event.xdestroywindow.window == window)
        destroyed = TRUE;
    }

  if (!exited)
    kill_group (pid);
  else
    kill (-pid, SIGKILL);    /* helpers it may have left */

  if (pixels_ms < 0)
    {
      fprintf (stderr, "ca-bench-exec: %s %s\n", argv[first_arg],
               exited ? "exited before it drew a window"
                      : window == None ? "mapped no window in time"
                                       : "mapped a window but drew no frame in time");
      XDamageDestroy (dpy, damage);
      XCloseDisplay (dpy);
      return 1;
    }

  printf ("map_ms=%.1f\nfirst_pixels_ms=%.1f\nflat_fills=%u\nwindow_size=%d×%d\n",
          map_ms, pixels_ms, flat_fills, place.width, place.height);

  /* The next start finds the screen as this one did: without the window */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (!destroyed && g_get_monotonic_time () < deadline)
    {
      XEvent event;

      if (!wait_event (dpy, 50))
        continue;
      XNextEvent (dpy, &event);
      if (event.type == DestroyNotify && event.xdestroywindow.window == window)
        destroyed = TRUE;
    }

  XDamageDestroy (dpy, damage);
  XCloseDisplay (dpy);
  return 0;
}
