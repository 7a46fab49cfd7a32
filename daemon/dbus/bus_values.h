#pragma once

// memwatch's events as D-Bus values: the OomKill details dictionary and text made safe for it.

#include <sdbus-c++/Types.h>

#include <map>
#include <string>
#include <string_view>

#include "collectors/events/oom_kill.h"

namespace memwatch {

// A D-Bus string must be valid UTF-8 without NUL bytes, or sd-bus refuses the whole message.
// Text from the host (a comm, a cgroup, a producer) is arbitrary bytes, so each goes through
// this: bytes that are not UTF-8 become U+FFFD, as in the API and the labels, and so do the
// noncharacters sd-bus also refuses (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF); NULs are dropped.
std::string busText(std::string_view text);

// One kill as a{sv}, with the member names and meanings of one element of GET /api/v1/oom-kills.
// D-Bus has no null: what the API writes as null (uid, oom_score_adj unknown) is left out, as the
// API already leaves out invoked_by, gfp_mask and order when the kernel did not print them.
std::map<std::string, sdbus::Variant> oomKillDetails(const OomKill& kill);

}  // namespace memwatch
