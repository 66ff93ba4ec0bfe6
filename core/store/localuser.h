#pragma once

#include "sqlite.h"

#include <string>

namespace stackdeck::store {

// The author of local triage, notes and activity: the workspace setting
// meta.user_name, else the OS user ($USER, else the password database).
std::string localUserName(sql::Database& db);
void setLocalUserName(sql::Database& db, const std::string& name); // "" clears the setting

// Microseconds since the epoch, now.
std::int64_t nowMicros();

} // namespace stackdeck::store
