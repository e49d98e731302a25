/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-month-grid"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ca-format.h"
#include "ca-change-tag.h"
#include "ca-month-chip.h"
#include "ca-month-grid.h"
#include "ca-text.h"
#include "ca-tooltip.h"

#define N_CELLS    42
#define MAX_SHOWN  3
#define MAX_DOTS   3

typedef struct {
  guint32  first;
  guint32  last;
  gboolean dated;
} DaySpan;

struct _CaMonthGrid
{
  GtkWidget   parent_instance;

  GPtrArray  *events;       /* CaEvent, by start */
  GArray     *spans;        /* DaySpan, one per event */
  int         year;
  int         month;
  gboolean    compact;

  GtkWidget  *header;
  GtkLabel   *title;
  GtkWidget  *next_button;
  GtkWidget  *undated;      /* "This month": events given only with their month */
  GtkWidget  *undated_box;
  GtkWidget  *grid;
  GtkWidget  *cells[N_CELLS];
  GtkWidget  *day_labels[N_CELLS];
  GtkWidget  *event_boxes[N_CELLS];
};

G_DEFINE_FINAL_TYPE (CaMonthGrid, ca_month_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint32
julian_of (GDateTime *dt)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (dt),
                  g_date_time_get_month (dt), g_date_time_get_year (dt));
  return g_date_get_julian (&date);
}

/* A day as a GDateTime at noon UTC, for formatting its date */
static GDateTime *
day_time (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 12, 0, 0);
}

static guint32
today_julian (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return julian_of (now);
}

static void
clear_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (ADW_IS_WRAP_BOX (box))
        adw_wrap_box_remove (ADW_WRAP_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* What a button of an event is named and its tooltip says: "Title, when", or with an
 * unseen change's mark first, "Moved: Title, when" */
static char *
event_name (CaEvent    *event,
            const char *title,
            const char *when)
{
  const char *mark = ca_change_mark_label (event->mark);

  if (mark != NULL)
    /* TRANSLATORS: an event's button with the mark of a change: "Moved: Conference, 27 March 2026" */
    return g_strdup_printf (_("%s: %s, %s"), mark, title, when);
  return g_strdup_printf ("%s, %s", title, when);
}

/* An event as a button whose title wraps to at most max_chars a line (in a day's popover,
 * and the month's events without a day). Feed strings as plain text: the label never
 * parses markup. */
static GtkWidget *
event_button_new (CaEvent *event,
                  int      max_chars)
{
  g_autofree char *title = ca_text_display (event->title);
  g_autofree char *when = ca_format_event_when (event, NULL);
  g_autofree char *name = event_name (event, title, when);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_text (GTK_LABEL (label), title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), max_chars);
  if (event->mark != CA_CHANGE_MARK_NONE)
    gtk_box_append (GTK_BOX (box), ca_change_tag_new (event->mark));
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "ca-month-event");
  ca_tooltip_set_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "calendar.show-event");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", event->feed, event->id);
  return button;
}

static void
popdown_clicked (GtkButton *button,
                 GtkPopover *popover)
{
  gtk_popover_popdown (popover);
}

/* The popover of a day's events, made when it is first opened: a busy month would
 * otherwise build a button for every event of every day. */
static GtkWidget *
day_popover_new (GPtrArray *events,
                 guint32    day)
{
  g_autoptr(GDateTime) dt = day_time (day);
  g_autofree char *date = g_strstrip (ca_format_day (dt));
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_label_new (date);

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  for (guint i = 0; i < events->len; i++)
    {
      GtkWidget *event_button = event_button_new (events->pdata[i], 30);
      g_signal_connect_object (event_button, "clicked", G_CALLBACK (popdown_clicked),
                               popover, 0);
      gtk_box_append (GTK_BOX (box), event_button);
    }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_popover_set_child (GTK_POPOVER (popover), scroller);
  return popover;
}

static void
create_day_popup (GtkMenuButton *button,
                  gpointer       user_data)
{
  GPtrArray *events = g_object_get_data (G_OBJECT (button), "events");
  guint32 day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "day"));

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_popover (button, day_popover_new (events, day));
}

/* An event's title in a day: cut short to the day (its tooltip and accessible name say
 * it whole, with when it is), and opening its page */
static void
event_chip_clicked (CaMonthChip *chip,
                    CaEvent     *event)
{
  gtk_widget_activate_action (GTK_WIDGET (chip), "calendar.show-event", "(ss)",
                              event->feed, event->id);
}

static GtkWidget *
event_chip_new (CaEvent *event)
{
  g_autofree char *title = ca_text_display (event->title);
  g_autofree char *when = ca_format_event_when (event, NULL);
  g_autofree char *name = event_name (event, title, when);
  GtkWidget *chip = ca_month_chip_new (title);

  ca_month_chip_set_mark (CA_MONTH_CHIP (chip), event->mark);
  ca_month_chip_set_width_chars (CA_MONTH_CHIP (chip), 12);
  gtk_widget_add_css_class (chip, "ca-month-event");
  ca_tooltip_set_text (chip, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_signal_connect_data (chip, "clicked", G_CALLBACK (event_chip_clicked), g_object_ref (event),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return chip;
}

static void
more_chip_clicked (CaMonthChip *chip,
                   gpointer     user_data)
{
  GtkPopover *popover = ca_month_chip_get_popover (chip);

  if (popover == NULL)
    {
      GPtrArray *events = g_object_get_data (G_OBJECT (chip), "events");
      guint32 day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chip), "day"));

      ca_month_chip_set_popover (chip, day_popover_new (events, day));
      popover = ca_month_chip_get_popover (chip);
    }
  gtk_popover_popup (popover);
}

/* "2 more": every event of the day in a popover */
static GtkWidget *
more_chip_new (GPtrArray *events,
               guint      n_more,
               guint32    day)
{
  g_autoptr(GDateTime) dt = day_time (day);
  g_autofree char *date = g_strstrip (ca_format_day (dt));
  /* TRANSLATORS: below the events shown in a day of the month grid */
  g_autofree char *text = g_strdup_printf (ngettext ("%u more", "%u more", n_more), n_more);
  /* TRANSLATORS: accessible name of the "N more" button: "All events on 26 March 2019" */
  g_autofree char *name = g_strdup_printf (_("All events on %s"), date);
  GtkWidget *chip = ca_month_chip_new (text);

  g_object_set_data_full (G_OBJECT (chip), "events", g_ptr_array_ref (events),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (chip), "day", GUINT_TO_POINTER (day));
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  gtk_widget_add_css_class (chip, "flat");
  gtk_widget_add_css_class (chip, "ca-month-more");
  ca_tooltip_set_text (chip, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_signal_connect (chip, "clicked", G_CALLBACK (more_chip_clicked), NULL);
  return chip;
}

/* Compact: a day's events as dots, one each up to three, or past three one dot and how
 * many ("● 19": seven days of a crowded week fit a phone's width, where three dots and
 * "+16" did not), on one button whose popover lists them; its tooltip and accessible
 * name say what it holds */
static GtkWidget *
day_button_new (GPtrArray *events,
                guint32    day)
{
  g_autoptr(GDateTime) dt = day_time (day);
  g_autofree char *date = g_strstrip (ca_format_day (dt));
  /* TRANSLATORS: accessible name of a day's button in the narrow month grid, where
   * its events show as dots: "2 events on 26 March 2019" */
  g_autofree char *name = g_strdup_printf (ngettext ("%u event on %s", "%u events on %s",
                                                     events->len),
                                           events->len, date);
  g_autoptr(GString) titles = g_string_new (NULL);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *dots = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);

  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *title = ca_text_display (((CaEvent *) events->pdata[i])->title);

      if (i < (events->len > MAX_DOTS ? 1 : MAX_DOTS))
        {
          GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (dot, "ca-month-dot");
          gtk_box_append (GTK_BOX (dots), dot);
        }
      g_string_append_printf (titles, "%s%s", i > 0 ? "\n" : "", title);
    }
  if (events->len > MAX_DOTS)
    {
      g_autofree char *all = g_strdup_printf ("%u", events->len);
      GtkWidget *count = gtk_label_new (all);

      gtk_widget_add_css_class (count, "ca-month-count");
      gtk_box_append (GTK_BOX (dots), count);
    }

  g_object_set_data_full (G_OBJECT (button), "events", g_ptr_array_ref (events),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (button), "day", GUINT_TO_POINTER (day));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_day_popup,
                                         NULL, NULL);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), dots);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), FALSE);
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "ca-month-day");
  ca_tooltip_set_text (button, titles->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  return button;
}

static gboolean
focus_is_within (GtkWidget *ancestor)
{
  GtkRoot *root = gtk_widget_get_root (ancestor);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static GtkWidget *
first_event_button (CaMonthGrid *self)
{
  for (guint i = 0; i < N_CELLS; i++)
    {
      GtkWidget *child = gtk_widget_get_first_child (self->event_boxes[i]);
      if (child != NULL)
        return child;
    }
  return NULL;
}

static void
rebuild (CaMonthGrid *self)
{
  g_autoptr(GDateTime) month_start = NULL;
  g_autofree char *title = NULL;
  GPtrArray *lists[N_CELLS] = { NULL, };
  g_autoptr(GPtrArray) undated = NULL;
  gboolean had_focus;
  GDate date;
  guint32 month_first, month_last, first, last, today;

  /* Its days are made when it is first shown (ca_month_grid_map) */
  if (self->grid == NULL)
    return;
  undated = g_ptr_array_new ();
  had_focus = focus_is_within (self->grid) || focus_is_within (self->undated);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, self->month, self->year);
  month_first = g_date_get_julian (&date);
  month_last = month_first + g_date_get_days_in_month (self->month, self->year) - 1;
  first = month_first - (g_date_get_weekday (&date) - G_DATE_MONDAY);
  last = first + N_CELLS - 1;
  today = today_julian ();

  month_start = g_date_time_new_utc (self->year, self->month, 1, 12, 0, 0);
  /* TRANSLATORS: a month of a year, strftime format: "March 2019". %OB is the
   * month's name in the nominative where the language has one. */
  title = g_date_time_format (month_start, _("%OB %Y"));
  gtk_label_set_text (self->title, title);

  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      const DaySpan *span = &g_array_index (self->spans, DaySpan, i);

      if (span->first > last + 1)
        break;   /* by start, so none after this one shows */
      if (!span->dated)
        {
          if (span->first <= month_last && span->last >= month_first)
            g_ptr_array_add (undated, self->events->pdata[i]);
          continue;
        }
      if (span->last < first || span->first > last)
        continue;
      for (guint32 day = MAX (span->first, first); day <= MIN (span->last, last); day++)
        {
          guint cell = day - first;
          if (lists[cell] == NULL)
            lists[cell] = g_ptr_array_new ();
          g_ptr_array_add (lists[cell], self->events->pdata[i]);
        }
    }

  for (guint i = 0; i < N_CELLS; i++)
    {
      guint32 day = first + i;
      g_autoptr(GDateTime) dt = day_time (day);
      g_autofree char *number = g_strdup_printf ("%d", g_date_time_get_day_of_month (dt));
      g_autofree char *name = g_strstrip (ca_format_day (dt));
      GtkWidget *cell = self->cells[i];

      gtk_label_set_text (GTK_LABEL (self->day_labels[i]), number);
      if (day < month_first || day > month_last)
        gtk_widget_add_css_class (cell, "other-month");
      else
        gtk_widget_remove_css_class (cell, "other-month");
      if (day == today)
        {
          gtk_widget_add_css_class (cell, "today");
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                          /* TRANSLATORS: said of today's day in the month grid */
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Today"),
                                          -1);
        }
      else
        {
          gtk_widget_remove_css_class (cell, "today");
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                          -1);
          gtk_accessible_reset_property (GTK_ACCESSIBLE (cell),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }

      clear_children (self->event_boxes[i]);
      if (lists[i] == NULL)
        continue;
      if (self->compact)
        {
          gtk_box_append (GTK_BOX (self->event_boxes[i]), day_button_new (lists[i], day));
          g_ptr_array_unref (lists[i]);
          continue;
        }
      for (guint j = 0; j < lists[i]->len && j < MAX_SHOWN; j++)
        gtk_box_append (GTK_BOX (self->event_boxes[i]), event_chip_new (lists[i]->pdata[j]));
      if (lists[i]->len > MAX_SHOWN)
        gtk_box_append (GTK_BOX (self->event_boxes[i]),
                        more_chip_new (lists[i], lists[i]->len - MAX_SHOWN, day));
      g_ptr_array_unref (lists[i]);
    }

  clear_children (self->undated_box);
  for (guint i = 0; i < undated->len; i++)
    adw_wrap_box_append (ADW_WRAP_BOX (self->undated_box),
                         event_button_new (undated->pdata[i], self->compact ? 24 : 40));
  gtk_widget_set_visible (self->undated, undated->len > 0);

  if (had_focus)
    {
      GtkWidget *target = first_event_button (self);
      gtk_widget_grab_focus (target != NULL ? target : self->next_button);
    }
}

static void
shift_month (CaMonthGrid *self,
             int          delta)
{
  int index = self->year * 12 + (self->month - 1) + delta;

  ca_month_grid_set_month (self, index / 12, index % 12 + 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  shift_month (CA_MONTH_GRID (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  shift_month (CA_MONTH_GRID (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  ca_month_grid_set_month (CA_MONTH_GRID (widget), g_date_time_get_year (now),
                           g_date_time_get_month (now));
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *action_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  ca_tooltip_set_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static void
build_header (CaMonthGrid *self)
{
  GtkWidget *nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *today = gtk_button_new_with_label (C_("month grid", "Today"));

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  /* Never cut short: "September 2021" in a phone's width wraps if it must */
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-3");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2,
                                  -1);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (today), "month.today");
  ca_tooltip_set_text (today, _("Show This Month"));

  gtk_widget_add_css_class (nav, "linked");
  gtk_box_append (GTK_BOX (nav), icon_button_new ("go-previous-symbolic", "month.previous",
                                                  _("Previous Month")));
  self->next_button = icon_button_new ("go-next-symbolic", "month.next", _("Next Month"));
  gtk_box_append (GTK_BOX (nav), self->next_button);

  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (self->header), today);
  gtk_box_append (GTK_BOX (self->header), nav);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
}

static void
build_undated (CaMonthGrid *self)
{
  /* TRANSLATORS: above the events of the month whose feed gives no day */
  GtkWidget *heading = gtk_label_new (_("This month"));

  self->undated = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_visible (self->undated, FALSE);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_set_valign (heading, GTK_ALIGN_CENTER);
  /* Chips side by side as long as they fit, each as wide as its title */
  self->undated_box = adw_wrap_box_new ();
  gtk_widget_set_hexpand (self->undated_box, TRUE);
  adw_wrap_box_set_child_spacing (ADW_WRAP_BOX (self->undated_box), 4);
  adw_wrap_box_set_line_spacing (ADW_WRAP_BOX (self->undated_box), 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->undated_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Events in this month without a day"),
                                  -1);
  gtk_box_append (GTK_BOX (self->undated), heading);
  gtk_box_append (GTK_BOX (self->undated), self->undated_box);
  gtk_widget_set_parent (self->undated, GTK_WIDGET (self));
}

static void
build_grid (CaMonthGrid *self)
{
  /* 1 January 2024 was a Monday */
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2024, 1, 1, 12, 0, 0);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_widget_add_css_class (self->grid, "ca-month-grid");
  gtk_widget_set_vexpand (self->grid, TRUE);

  for (int col = 0; col < 7; col++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, col);
      g_autofree char *abbrev = g_date_time_format (day, "%a");
      g_autofree char *full = g_date_time_format (day, "%A");
      GtkWidget *label = gtk_label_new (abbrev);

      gtk_widget_add_css_class (label, "ca-month-weekday");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, full,
                                      -1);
      gtk_grid_attach (GTK_GRID (self->grid), label, col, 0, 1, 1);
    }

  for (guint i = 0; i < N_CELLS; i++)
    {
      GtkWidget *cell = g_object_new (GTK_TYPE_BOX,
                                      "orientation", GTK_ORIENTATION_VERTICAL,
                                      "spacing", 2,
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                      "vexpand", TRUE,
                                      "hexpand", TRUE,
                                      NULL);
      GtkWidget *number = gtk_label_new (NULL);
      GtkWidget *events = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_add_css_class (cell, "ca-month-cell");
      gtk_widget_add_css_class (number, "ca-day-number");
      gtk_widget_set_halign (number, GTK_ALIGN_START);
      /* The cell's accessible name says the full date. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (number), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (cell), number);
      gtk_box_append (GTK_BOX (cell), events);
      gtk_grid_attach (GTK_GRID (self->grid), cell, i % 7, 1 + i / 7, 1, 1);

      self->cells[i] = cell;
      self->day_labels[i] = number;
      self->event_boxes[i] = events;
    }
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

/* The lines of the grid, one pixel wide in a faint currentColor: above the weekdays and
 * left of the grid, and right of and below each day. Solid rectangles on whole pixels,
 * which every renderer fills at once. */
static void
ca_month_grid_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CaMonthGrid *self = CA_MONTH_GRID (widget);
  graphene_rect_t grid, cell;
  GdkRGBA color;

  GTK_WIDGET_CLASS (ca_month_grid_parent_class)->snapshot (widget, snapshot);

  if (self->grid == NULL || !gtk_widget_get_visible (self->grid) ||
      !gtk_widget_compute_bounds (self->grid, widget, &grid))
    return;
  gtk_widget_get_color (self->grid, &color);
  color.alpha *= 0.15f;

  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (grid.origin.x, grid.origin.y,
                                                  grid.size.width, 1));
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (grid.origin.x, grid.origin.y,
                                                  1, grid.size.height));
  for (guint i = 0; i < N_CELLS; i++)
    {
      if (!gtk_widget_compute_bounds (self->cells[i], widget, &cell))
        continue;
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (cell.origin.x + cell.size.width - 1,
                                                      cell.origin.y, 1, cell.size.height));
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (cell.origin.x,
                                                      cell.origin.y + cell.size.height - 1,
                                                      cell.size.width, 1));
    }
}

/* The header and the 42 days are made when the grid is first shown: the Calendar
 * makes the grid with the view and shows it a frame later (ca-calendar-view.c), so
 * its ~130 widgets are made in a main-loop turn of their own */
static void
ca_month_grid_map (GtkWidget *widget)
{
  CaMonthGrid *self = CA_MONTH_GRID (widget);

  if (self->grid == NULL)
    {
      build_header (self);
      build_undated (self);
      build_grid (self);
      rebuild (self);
    }
  GTK_WIDGET_CLASS (ca_month_grid_parent_class)->map (widget);
}

static void
ca_month_grid_dispose (GObject *object)
{
  CaMonthGrid *self = (CaMonthGrid *) object;

  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->undated, gtk_widget_unparent);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);

  G_OBJECT_CLASS (ca_month_grid_parent_class)->dispose (object);
}

static void
ca_month_grid_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CaMonthGrid *self = CA_MONTH_GRID (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_month_grid_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CaMonthGrid *self = CA_MONTH_GRID (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      ca_month_grid_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_month_grid_class_init (CaMonthGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_month_grid_dispose;
  object_class->get_property = ca_month_grid_get_property;
  object_class->set_property = ca_month_grid_set_property;
  widget_class->snapshot = ca_month_grid_snapshot;
  widget_class->map = ca_month_grid_map;

  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "monthgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "month.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "month.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "month.today", NULL, today_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "month.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Up, 0, "month.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "month.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Down, 0, "month.next", NULL);
}

static void
ca_month_grid_init (CaMonthGrid *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Month"),
                                  -1);

  self->spans = g_array_new (FALSE, FALSE, sizeof (DaySpan));
  self->year = g_date_time_get_year (now);
  self->month = g_date_time_get_month (now);
}

GtkWidget *
ca_month_grid_new (void)
{
  return g_object_new (CA_TYPE_MONTH_GRID, NULL);
}

void
ca_month_grid_set_events (CaMonthGrid *self,
                          GPtrArray   *events)
{
  g_return_if_fail (CA_IS_MONTH_GRID (self));

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_array_set_size (self->spans, 0);
  if (events != NULL)
    {
      self->events = g_ptr_array_ref (events);
      g_array_set_size (self->spans, events->len);
      for (guint i = 0; i < events->len; i++)
        {
          DaySpan *span = &g_array_index (self->spans, DaySpan, i);
          span->dated = ca_event_get_days (events->pdata[i], &span->first, &span->last);
        }
    }
  rebuild (self);
}

void
ca_month_grid_set_month (CaMonthGrid *self,
                         int          year,
                         int          month)
{
  g_return_if_fail (CA_IS_MONTH_GRID (self));
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (year >= 1 && year <= 9999);

  self->year = year;
  self->month = month;
  rebuild (self);
}

int
ca_month_grid_get_year (CaMonthGrid *self)
{
  g_return_val_if_fail (CA_IS_MONTH_GRID (self), 0);
  return self->year;
}

int
ca_month_grid_get_month (CaMonthGrid *self)
{
  g_return_val_if_fail (CA_IS_MONTH_GRID (self), 0);
  return self->month;
}


gboolean
ca_month_grid_get_compact (CaMonthGrid *self)
{
  g_return_val_if_fail (CA_IS_MONTH_GRID (self), FALSE);
  return self->compact;
}

void
ca_month_grid_set_compact (CaMonthGrid *self,
                           gboolean     compact)
{
  g_return_if_fail (CA_IS_MONTH_GRID (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

void
ca_month_grid_refresh (CaMonthGrid *self)
{
  g_return_if_fail (CA_IS_MONTH_GRID (self));
  rebuild (self);
}
