#include "user.h"

namespace stackdeck {

std::string User::identityKey() const
{
    if (!id.empty())
        return "id:" + id;
    if (!email.empty())
        return "email:" + email;
    if (!username.empty())
        return "username:" + username;
    if (!ipAddress.empty() && ipAddress != "{{auto}}")
        return "ip:" + ipAddress;
    return {};
}

} // namespace stackdeck
