#pragma once

#include <string>
#include <string_view>

namespace stackdeck::grouping {

// The string rewrites of the frame strategy (newstyle.py `_java_*_re`,
// `_clojure_enhancer_re`, `_ruby_erb_func`), written out by hand. Each
// returns the input unchanged when nothing matches.

// Java module: reflection accessors, CGLIB, Javassist, Clojure `$fn__N`,
// Guice/Spring `EnhancerBy`/`FastClassBy`, Hibernate proxies -> `<auto>`.
std::string cleanJavaModule(std::string_view module);
// `$$_javassist` + optional `_seam` + optional `_N` -> `$$_javassist<auto>`.
std::string cleanJavassist(std::string_view text);
// Ruby ERB suffix `__NNNN_NNNN` at the end is removed.
std::string stripRubyErbSuffix(std::string_view function);

// `has_url_origin` (strategies/utils.py).
bool hasUrlOrigin(std::string_view path, bool allowFileOrigin);
// `Frame.is_url`: blob: or a file/http/https/applewebdata URL.
bool isUrlPath(std::string_view path);
// Basename after the last '/' or '\', lowercased as Python's str.lower().
std::string lowerBasename(std::string_view filename);

} // namespace stackdeck::grouping
