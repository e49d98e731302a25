/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-language"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "ca-application.h"
#include "ca-calendar-view.h"
#include "ca-preferences-dialog.h"
#include "ca-test-util.h"
#include "ca-month-chip.h"
#include "ca-tooltip.h"
#include "ca-window.h"

/*
 * No English UI text in a Bulgarian or German window: every view is shown (run by
 * tests/run-in-locale.sh with LANGUAGE=bg or de, CA_TEST_LANGUAGE telling which), and
 * no label, button or tooltip on screen may read as an English message of po/LANG.po
 * whose translation differs. Messages with printf formats are matched as regular
 * expressions ("Offline data from .+"). Feed texts are the feed's and not looked at.
 */

static GPtrArray *english;      /* GRegex of English messages */
static GPtrArray *english_text; /* the same, as text, for the failure message */

/* {{{ po/LANG.po, read as far as needed: msgid and msgstr, with continuations */

static char *
unquote (const char *line)
{
  const char *start = strchr (line, '"');
  const char *end = strrchr (line, '"');
  g_autofree char *quoted = NULL;

  if (start == NULL || end == NULL || end <= start)
    return g_strdup ("");
  quoted = g_strndup (start + 1, end - start - 1);
  return g_strcompress (quoted);
}

/* "Offline data from %s" → ^Offline data from .+$, "%u cluster" → ^\d[\d\s.,]* cluster$;
 * NULL when too little is left to tell a message from any text ("%s %s", "%s – %s") */
static char *
pattern_of (const char *msgid)
{
  GString *out = g_string_new ("^");
  guint letters = 0;

  for (const char *p = msgid; *p != '\0'; p++)
    {
      if (*p == '%' && p[1] != '\0')
        {
          p++;
          while (*p != '\0' && strchr ("'-0123456789.lhz", *p) != NULL)
            p++;
          if (*p == '\0')
            break;
          g_string_append (out, strchr ("diu", *p) != NULL ? "\\d[\\d\\s.,]*" : ".+");
          continue;
        }
      if (*p == '_')      /* a mnemonic: the label shows the text without it */
        continue;
      if (g_ascii_isalpha (*p))
        letters++;
      if (strchr ("\\^$.|?*+()[]{}", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '$');
  if (letters < 3)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
add_message (const char *msgid,
             const char *msgstr)
{
  g_autofree char *pattern = NULL;

  /* An untranslated or fuzzy message shows in English, so it counts; one translated
   * as itself ("Cluster Atlas", German "Agenda") does not */
  if (msgid[0] == '\0' || g_strcmp0 (msgid, msgstr) == 0)
    return;
  /* Strftime formats and the like: nothing a label shows as such */
  if (strchr (msgid, '%') != NULL && strspn (msgid, "%-eBOYHMdmy :.,") == strlen (msgid))
    return;
  pattern = pattern_of (msgid);
  if (pattern == NULL)
    return;
  g_ptr_array_add (english, g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL));
  g_ptr_array_add (english_text, g_strdup (msgid));
}

static void
read_po (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GString *msgid = g_string_new (NULL);
  GString *msgstr = g_string_new (NULL);
  GString *current = NULL;
  gboolean fuzzy = FALSE;        /* of the message being read */
  gboolean fuzzy_next = FALSE;   /* its flags come before the next msgid */

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *text = NULL;

      if (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL)
        fuzzy_next = TRUE;
      if (g_str_has_prefix (line, "msgid "))
        {
          if (msgid->len > 0)
            add_message (msgid->str, fuzzy ? "" : msgstr->str);
          g_string_truncate (msgid, 0);
          g_string_truncate (msgstr, 0);
          fuzzy = fuzzy_next;
          fuzzy_next = FALSE;
          current = msgid;
        }
      else if (g_str_has_prefix (line, "msgstr ") || g_str_has_prefix (line, "msgstr[0] "))
        current = msgstr;
      else if (g_str_has_prefix (line, "msgid_plural") || g_str_has_prefix (line, "msgstr[") ||
               g_str_has_prefix (line, "msgctxt") || line[0] != '"')
        {
          current = NULL;
          continue;
        }
      if (current == NULL)
        continue;
      text = unquote (line);
      g_string_append (current, text);
    }
  if (msgid->len > 0)
    add_message (msgid->str, fuzzy ? "" : msgstr->str);
  g_string_free (msgid, TRUE);
  g_string_free (msgstr, TRUE);
}

/* }}} */
/* {{{ What the window shows */

static void
collect (GtkWidget *widget,
         GPtrArray *texts)
{
  /* Tooltips from the .ui files, and those set in code (ca-tooltip.h) */
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *lazy_tooltip = ca_tooltip_get_text (widget);

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  /* The month grid draws its titles and "N more" itself */
  if (CA_IS_MONTH_CHIP (widget))
    g_ptr_array_add (texts, g_strdup (ca_month_chip_get_text (CA_MONTH_CHIP (widget))));
  if (GTK_IS_EDITABLE (widget) && GTK_IS_TEXT (widget))
    {
      const char *placeholder = gtk_text_get_placeholder_text (GTK_TEXT (widget));
      if (placeholder != NULL && gtk_editable_get_text (GTK_EDITABLE (widget))[0] == '\0')
        g_ptr_array_add (texts, g_strdup (placeholder));
    }
  if (tooltip != NULL)
    g_ptr_array_add (texts, g_strdup (tooltip));
  if (lazy_tooltip != NULL)
    g_ptr_array_add (texts, g_strdup (lazy_tooltip));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, texts);
}

static void
iterate (void)
{
  for (int i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

/* Every text on screen that is an English message; "where" names the view */
static guint
check_english (GtkWidget  *widget,
               const char *where)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint found = 0;

  iterate ();
  collect (widget, texts);
  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = 0; i < texts->len; i++)
    for (guint p = 0; p < english->len; p++)
      if (g_regex_match (english->pdata[p], texts->pdata[i], 0, NULL))
        {
          g_test_message ("%s: \"%s\" is English (\"%s\")", where, (char *) texts->pdata[i],
                          (char *) english_text->pdata[p]);
          found++;
          break;
        }
  return found;
}

/* }}} */

/* The real app on its built-in data, in a store in dir */
static CaApplication *
start_app (const char *dir)
{
  g_autofree char *store_path = g_build_filename (dir, "atlas.db", NULL);
  CaApplication *app = NULL;

  ca_test_application_start (&app, store_path);
  return app;
}

static void
test_no_english (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-ui-language-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "atlas.db", NULL);
  g_autoptr(CaApplication) app = start_app (dir);
  GtkWidget *window;
  CaCalendarView *calendar;
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint found = 0;
  static const char * const calendar_pages[] = { "month", "agenda", "projects" };

  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);

  gtk_widget_activate_action (window, "win.show-cluster", "(ss)", "builtin", "ict-cluster");
  found += check_english (window, "clusters");
  gtk_widget_activate_action (window, "win.show-view", "s", "members");
  found += check_english (window, "members");
  gtk_widget_activate_action (window, "win.show-member", "(ssu)", "builtin", "cleantech-bulgaria", 0);
  found += check_english (window, "member");

  calendar = ca_window_get_calendar_view (CA_WINDOW (window));
  gtk_widget_activate_action (window, "win.show-view", "s", "calendar");
  ca_calendar_view_set_show_past (calendar, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (calendar_pages); i++)
    {
      ca_calendar_view_set_visible_view (calendar, calendar_pages[i]);
      found += check_english (window, calendar_pages[i]);
    }
  gtk_widget_activate_action (window, "win.show-event", "(ss)", "builtin",
                              "national-cluster-conference-2019");
  found += check_english (window, "event");
  gtk_widget_activate_action (window, "win.show-project", "(ss)", "builtin", "bowi");
  found += check_english (window, "project");

  ca_window_search (CA_WINDOW (window), "cluster");
  found += check_english (window, "search");
  ca_window_search (CA_WINDOW (window), "zzzqqq");
  found += check_english (window, "search without results");
  ca_window_search (CA_WINDOW (window), "");

  /* The dialogs, over the window: Preferences and its Feeds page, About */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  iterate ();
  {
    AdwDialog *prefs = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    AdwPreferencesPage *feeds = NULL;

    g_assert_true (CA_IS_PREFERENCES_DIALOG (prefs));
    found += check_english (GTK_WIDGET (prefs), "preferences");
    adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (prefs), "feeds");
    feeds = adw_preferences_dialog_get_visible_page (ADW_PREFERENCES_DIALOG (prefs));
    g_assert_cmpstr (adw_preferences_page_get_name (feeds), ==, "feeds");
    found += check_english (GTK_WIDGET (prefs), "preferences: feeds");
    adw_dialog_force_close (prefs);
  }
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  iterate ();
  {
    AdwDialog *about = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

    g_assert_true (ADW_IS_ABOUT_DIALOG (about));
    found += check_english (GTK_WIDGET (about), "about");
    adw_dialog_force_close (about);
  }

  gtk_widget_activate_action (window, "win.show-help-overlay", NULL);
  iterate ();
#if ADW_CHECK_VERSION (1, 8, 0)
  {
    /* libadwaita 1.8's shortcuts dialog, over the window */
    AdwDialog *shortcuts = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

    g_assert_nonnull (shortcuts);
    found += check_english (GTK_WIDGET (shortcuts), "keyboard shortcuts");
    adw_dialog_force_close (shortcuts);
    (void) toplevels;
  }
#else
  {
    /* Built when asked for (ca-window-actions.c): the shortcuts window among the
     * toplevels */
    GtkWidget *overlay = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) other = g_list_model_get_item (toplevels, i);

        if (GTK_IS_SHORTCUTS_WINDOW (other))
          overlay = other;
      }
    g_assert_nonnull (overlay);
    found += check_english (GTK_WIDGET (overlay), "keyboard shortcuts");
    gtk_window_close (GTK_WINDOW (overlay));
  }
#endif

  g_assert_cmpuint (found, ==, 0);

  ca_test_application_close (app);
  g_unlink (store_path);
  g_rmdir (dir);
}

/* The header's title and the view switcher's labels fit in this language from
 * 360 px up, and so do Preferences and About in a window 360 px wide (ca-test-util.c) */
static void
test_header_fits (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-ui-language-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "atlas.db", NULL);
  g_autoptr(CaApplication) app = NULL;
  GtkWindow *window;

  /* On the Clusters view, not on the one the last test left open (the window
   * opens on it): it is the header that is tried here, and the other views are
   * made only when shown */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.clusteratlas.ClusterAtlas");

    g_settings_reset (settings, "last-view");
  }
  app = start_app (dir);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  ca_test_check_header_fits (window);
  ca_test_check_dialogs_fit (window);
  ca_test_application_close (app);
  g_unlink (store_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("CA_TEST_LANGUAGE");
  g_autofree char *po = NULL;

  ca_test_require_display ();
  if (language == NULL || g_str_equal (language, "en"))
    {
      g_print ("Bail out! run by tests/run-in-locale.sh with a language other than English\n");
      return 1;
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLUSTER_ATLAS_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("XDG_DATA_HOME", "/nonexistent/ca-test-data-home", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  english = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
  english_text = g_ptr_array_new_with_free_func (g_free);
  po = g_strdup_printf ("%s/../po/%s.po", g_getenv ("G_TEST_SRCDIR"), language);
  read_po (po);
  g_assert_cmpuint (english->len, >, 100);

  g_test_add_func ("/ui-language/no-english", test_no_english);
  g_test_add_func ("/ui-language/header-fits", test_header_fits);
  return g_test_run ();
}
