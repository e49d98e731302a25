/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ca-month-chip"

#include "config.h"

#include "ca-change-tag.h"
#include "ca-month-chip.h"

/*
 * Why not a GtkButton around a GtkLabel: a busy month has three titles and a "more"
 * in each of its 42 days, and as buttons with labels (a menu button for "more") they
 * were about 450 widgets, which the first filled frame measured, laid out and drew:
 * an ellipsized label shapes its whole text to be measured, and again to be drawn.
 * This chip is one widget; its height comes from the font's metrics and its width
 * from the grid, so measuring it lays out no text, and text is laid out once, when
 * it is drawn.
 */

/* The metrics of a font */
typedef struct {
  int height;
  int char_width;
} Metrics;

struct _CaMonthChip
{
  GtkWidget  parent_instance;

  char      *text;
  int        width_chars;
  GtkWidget *popover;
  GtkWidget *tag;           /* an unseen change's mark, before the text; or NULL */

  /* What measuring found, for the Pango context of this serial: GTK measures a chip
   * several times a frame (and once more for the window's minimum size) */
  guint      serial;
  Metrics    metrics;
  int        text_width;    /* -1 until laid out */
};

G_DEFINE_FINAL_TYPE (CaMonthChip, ca_month_chip, GTK_TYPE_WIDGET)

enum {
  CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Between the mark and the text */
#define TAG_SPACING 4

/* The mark's width, and the space after it */
static int
tag_width (CaMonthChip *self)
{
  int natural = 0;

  if (self->tag == NULL || !gtk_widget_get_visible (self->tag))
    return 0;
  gtk_widget_measure (self->tag, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural + TAG_SPACING;
}

/* The metrics of the chips' few fonts, looked up once per font rather than per chip */
static Metrics
lookup_metrics (PangoContext *context)
{
  static GHashTable *cache;
  const PangoFontDescription *desc = pango_context_get_font_description (context);
  Metrics *found, metrics;

  if (cache == NULL)
    cache = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                   (GEqualFunc) pango_font_description_equal,
                                   (GDestroyNotify) pango_font_description_free, g_free);
  if ((found = g_hash_table_lookup (cache, desc)) != NULL)
    return *found;

  {
    PangoFontMetrics *font = pango_context_get_metrics (context, desc, NULL);

    metrics.height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (font));
    if (metrics.height <= 0)
      metrics.height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (font) +
                                          pango_font_metrics_get_descent (font));
    metrics.char_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (font));
    pango_font_metrics_unref (font);
  }
  g_hash_table_insert (cache, pango_font_description_copy (desc),
                       g_memdup2 (&metrics, sizeof metrics));
  return metrics;
}

/* The chip's font changes with its style (its context's serial then changes too) */
static Metrics
font_metrics (CaMonthChip *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);

  if (serial != self->serial || self->metrics.height == 0)
    {
      self->serial = serial;
      self->metrics = lookup_metrics (context);
      self->text_width = -1;
    }
  return self->metrics;
}

static PangoLayout *
make_layout (CaMonthChip *self,
             int          width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, self->text);

  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_auto_dir (layout, FALSE);
  if (width >= 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_alignment (layout, gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                                      ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  return layout;
}

static void
ca_month_chip_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  CaMonthChip *self = CA_MONTH_CHIP (widget);
  Metrics metrics = font_metrics (self);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int tag_height = 0;

      if (self->tag != NULL && gtk_widget_get_visible (self->tag))
        gtk_widget_measure (self->tag, GTK_ORIENTATION_VERTICAL, -1, NULL, &tag_height,
                            NULL, NULL);
      *minimum = *natural = MAX (metrics.height, tag_height);
    }
  else if (self->width_chars > 0)
    {
      /* Cut short: as narrow as an ellipsis, as wide as a label of width_chars */
      *minimum = metrics.char_width + tag_width (self);
      *natural = self->width_chars * metrics.char_width + tag_width (self);
    }
  else
    {
      if (self->text_width < 0)
        {
          g_autoptr(PangoLayout) layout = make_layout (self, -1);

          pango_layout_get_pixel_size (layout, &self->text_width, NULL);
        }
      *minimum = *natural = self->text_width + tag_width (self);
    }
}

static void
ca_month_chip_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  CaMonthChip *self = CA_MONTH_CHIP (widget);

  if (self->tag != NULL && gtk_widget_get_visible (self->tag))
    {
      int tag = MIN (tag_width (self) - TAG_SPACING, width);
      int x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? width - tag : 0;

      gtk_widget_size_allocate (self->tag, &(GtkAllocation) { x, 0, tag, height }, -1);
    }
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
ca_month_chip_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CaMonthChip *self = CA_MONTH_CHIP (widget);
  int width = gtk_widget_get_width (widget);
  Metrics metrics = font_metrics (self);
  g_autoptr(PangoLayout) layout = NULL;
  int offset = tag_width (self);
  GdkRGBA color;

  if (offset > 0)
    gtk_widget_snapshot_child (widget, self->tag, snapshot);
  width -= offset;
  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;
  gtk_widget_get_color (widget, &color);
  layout = make_layout (self, width);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (gtk_widget_get_direction (widget) ==
                                                GTK_TEXT_DIR_RTL ? 0 : offset,
                                                (gtk_widget_get_height (widget) -
                                                    metrics.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
pressed (GtkGestureClick *gesture,
         int              n_press,
         double           x,
         double           y,
         CaMonthChip     *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (gtk_widget_get_focus_on_click (widget) && !gtk_widget_has_focus (widget))
    gtk_widget_grab_focus (widget);
  gtk_widget_set_state_flags (widget, GTK_STATE_FLAG_ACTIVE, FALSE);
}

static void
released (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          CaMonthChip     *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_unset_state_flags (widget, GTK_STATE_FLAG_ACTIVE);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_widget_contains (widget, x, y))
    g_signal_emit (self, signals[CLICKED], 0);
}

static void
stopped (GtkGestureClick *gesture,
         CaMonthChip     *self)
{
  gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE);
}

/* For assistive technologies: a widget's own actions are what they can do to it */
static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLICKED], 0);
}

/* Back on the chip once its popover closes, as a menu button does */
static void
popover_closed (CaMonthChip *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || focus == self->popover || gtk_widget_is_ancestor (focus, self->popover))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
ca_month_chip_dispose (GObject *object)
{
  CaMonthChip *self = CA_MONTH_CHIP (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->tag, gtk_widget_unparent);

  G_OBJECT_CLASS (ca_month_chip_parent_class)->dispose (object);
}

static void
ca_month_chip_finalize (GObject *object)
{
  CaMonthChip *self = CA_MONTH_CHIP (object);

  g_free (self->text);

  G_OBJECT_CLASS (ca_month_chip_parent_class)->finalize (object);
}

static void
ca_month_chip_class_init (CaMonthChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint keys[] = { GDK_KEY_space, GDK_KEY_KP_Space, GDK_KEY_Return,
                                GDK_KEY_ISO_Enter, GDK_KEY_KP_Enter };

  object_class->dispose = ca_month_chip_dispose;
  object_class->finalize = ca_month_chip_finalize;
  widget_class->measure = ca_month_chip_measure;
  widget_class->size_allocate = ca_month_chip_size_allocate;
  widget_class->snapshot = ca_month_chip_snapshot;

  /* Clicked, or activated from the keyboard or by an assistive technology */
  signals[CLICKED] =
    g_signal_new ("clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_FIRST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[CLICKED]);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_signal (widget_class, keys[i], 0, "clicked", NULL);
  gtk_widget_class_install_action (widget_class, "chip.activate", NULL, activate_action);

  gtk_widget_class_set_css_name (widget_class, "button");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
ca_month_chip_init (CaMonthChip *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (released), self);
  g_signal_connect (click, "stopped", G_CALLBACK (stopped), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  self->text_width = -1;
}

GtkWidget *
ca_month_chip_new (const char *text)
{
  CaMonthChip *self = g_object_new (CA_TYPE_MONTH_CHIP, NULL);

  self->text = g_strdup (text);
  return GTK_WIDGET (self);
}

const char *
ca_month_chip_get_text (CaMonthChip *self)
{
  g_return_val_if_fail (CA_IS_MONTH_CHIP (self), NULL);
  return self->text;
}

void
ca_month_chip_set_width_chars (CaMonthChip *self,
                               int          n_chars)
{
  g_return_if_fail (CA_IS_MONTH_CHIP (self));

  if (self->width_chars == n_chars)
    return;
  self->width_chars = MAX (n_chars, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ca_month_chip_set_popover (CaMonthChip *self,
                           GtkWidget   *popover)
{
  g_return_if_fail (CA_IS_MONTH_CHIP (self));
  g_return_if_fail (popover == NULL || GTK_IS_POPOVER (popover));

  if (self->popover != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->popover, popover_closed, self);
      g_clear_pointer (&self->popover, gtk_widget_unparent);
    }
  if (popover != NULL)
    {
      self->popover = popover;
      gtk_widget_set_parent (popover, GTK_WIDGET (self));
      g_signal_connect_swapped (popover, "closed", G_CALLBACK (popover_closed), self);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, popover != NULL,
                                  -1);
}

GtkPopover *
ca_month_chip_get_popover (CaMonthChip *self)
{
  g_return_val_if_fail (CA_IS_MONTH_CHIP (self), NULL);
  return self->popover != NULL ? GTK_POPOVER (self->popover) : NULL;
}

void
ca_month_chip_set_mark (CaMonthChip  *self,
                        CaChangeMark  mark)
{
  g_return_if_fail (CA_IS_MONTH_CHIP (self));

  if (self->tag == NULL && mark == CA_CHANGE_MARK_NONE)
    return;
  if (self->tag == NULL)
    {
      self->tag = ca_change_tag_new (mark);
      gtk_widget_set_parent (self->tag, GTK_WIDGET (self));
    }
  else
    ca_change_tag_set_mark (self->tag, mark);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
ca_month_chip_get_mark_text (CaMonthChip *self)
{
  g_return_val_if_fail (CA_IS_MONTH_CHIP (self), NULL);

  if (self->tag == NULL || !gtk_widget_get_visible (self->tag))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->tag));
}
