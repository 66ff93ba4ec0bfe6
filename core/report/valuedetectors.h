#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace stackdeck::report {

// A secret or a piece of personal data found inside one string, as a byte
// span of that string. `detector` is a static name ("card", "ipv4", ...).
struct ValueMatch {
    std::string_view detector;
    std::size_t offset = 0;
    std::size_t length = 0;
};

// Every detector over `text`, in offset order; a match that lies inside a
// longer one (a JWT inside a bearer token) is dropped.
std::vector<ValueMatch> detectValues(std::string_view text);

// The detectors' names, in the order reports list them.
const std::vector<std::string_view>& valueDetectorNames();

// The checks behind the detectors, for tests.
bool luhnValid(std::string_view digits); // digits only
bool ibanValid(std::string_view iban); // letters and digits only, no spaces

} // namespace stackdeck::report
