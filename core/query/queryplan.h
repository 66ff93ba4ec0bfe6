#pragma once

namespace stackdeck::query {

// How the outer query will visit issues, which decides the cheaper plan for
// free text and tag filters (never the result).
enum class Walk {
    // Issues in page order until a page is full: checking each issue as it
    // comes wins when matches are common.
    FirstPage,
    // (Nearly) every issue: counts, facets, and anything under a negation in
    // a first-page query. Collecting the matching issue ids once wins.
    Everything,
};

} // namespace stackdeck::query
