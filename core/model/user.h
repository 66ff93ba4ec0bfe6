#pragma once

#include "rawjson.h"

#include <string>

namespace stackdeck {

struct User {
    std::string id; // numbers are kept as their text
    std::string email;
    std::string username;
    std::string name;
    std::string ipAddress;
    std::string segment;
    RawJson geo;
    RawJson data;
    RawJson other; // any further keys, as one object

    bool isEmpty() const
    {
        return id.empty() && email.empty() && username.empty() && ipAddress.empty() && name.empty();
    }
    // The identity Sentry counts users by: id, else email, else username, else ip.
    std::string identityKey() const;
    bool operator==(const User&) const = default;
};

} // namespace stackdeck
