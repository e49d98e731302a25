/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A feed's v1 and v2 for the change log's tests (test-changes.c) and the window's
 * (test-whats-new.c): from v1 to v2 an event moves a day (conf), one goes online
 * without its venue (forum), one is cancelled (workshop), one removed (meeting) and
 * one added (academy); steady and the project stay as they were.
 */

#define FEED_HEAD \
  "{\"format\": \"cluster-feed\", \"version\": 1," \
  " \"publisher\": {\"name\": \"Changes Test\"}," \
  " \"clusters\": [{\"id\": \"ict\", \"name\": \"ICT Cluster\"}]," \
  " \"projects\": [{\"id\": \"bowi\", \"title\": \"BOWI\", \"start\": \"2020-01-01\"," \
  "                \"end\": \"2022-12-31\", \"clusters\": [\"ict\"]}],"

#define STEADY \
  "{\"id\": \"steady\", \"title\": \"Steady Webinar\", \"kind\": \"webinar\"," \
  " \"start\": \"2026-05-05T10:00:00Z\", \"online\": true}"

static const char feed_v1[] =
  FEED_HEAD
  " \"events\": ["
  "  {\"id\": \"conf\", \"title\": \"National Cluster Conference\", \"kind\": \"conference\","
  "   \"start\": \"2026-03-26T10:00:00\", \"end\": \"2026-03-26T17:00:00\","
  "   \"timezone\": \"Europe/Sofia\", \"venue\": \"Sofia Tech Park\", \"city\": \"Sofia\"},"
  "  {\"id\": \"forum\", \"title\": \"Innovation Forum\", \"kind\": \"meeting\","
  "   \"start\": \"2026-04-02T09:00:00+03:00\", \"end\": \"2026-04-02T12:00:00+03:00\","
  "   \"venue\": \"Plovdiv Fair\", \"city\": \"Plovdiv\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\", \"kind\": \"workshop\","
  "   \"start\": \"2026-04-10T14:00:00+03:00\", \"venue\": \"ICT Hub\", \"city\": \"Varna\"},"
  "  {\"id\": \"meeting\", \"title\": \"Board Meeting\", \"kind\": \"meeting\","
  "   \"start\": \"2026-04-15\"},"
  "  " STEADY
  " ]}";

/* conf a day later; forum online, without its venue; workshop cancelled; meeting
 * gone; academy new; steady and the project as they were */
static const char feed_v2[] =
  FEED_HEAD
  " \"events\": ["
  "  {\"id\": \"conf\", \"title\": \"National Cluster Conference\", \"kind\": \"conference\","
  "   \"start\": \"2026-03-27T10:00:00\", \"end\": \"2026-03-27T17:00:00\","
  "   \"timezone\": \"Europe/Sofia\", \"venue\": \"Sofia Tech Park\", \"city\": \"Sofia\"},"
  "  {\"id\": \"forum\", \"title\": \"Innovation Forum\", \"kind\": \"meeting\","
  "   \"start\": \"2026-04-02T09:00:00+03:00\", \"end\": \"2026-04-02T12:00:00+03:00\","
  "   \"online\": true, \"status\": \"moved-online\"},"
  "  {\"id\": \"workshop\", \"title\": \"Cluster Workshop\", \"kind\": \"workshop\","
  "   \"start\": \"2026-04-10T14:00:00+03:00\", \"venue\": \"ICT Hub\", \"city\": \"Varna\","
  "   \"status\": \"cancelled\"},"
  "  {\"id\": \"academy\", \"title\": \"Export Academy\", \"kind\": \"training\","
  "   \"start\": \"2026-05-20\", \"end\": \"2026-05-21\"},"
  "  " STEADY
  " ]}";
