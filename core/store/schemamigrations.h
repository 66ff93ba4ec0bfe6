#pragma once

#include <span>

namespace stackdeck::store {

// The SQL of each migration, oldest first: migration N brings a workspace
// from schema version N to N+1 (schema.h applies them).
std::span<const char* const> schemaMigrations();

} // namespace stackdeck::store
