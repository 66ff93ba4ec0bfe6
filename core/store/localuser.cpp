#include "localuser.h"

#include <chrono>
#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace stackdeck::store {

std::string localUserName(sql::Database& db)
{
    auto& st = db.cached("SELECT value FROM meta WHERE key = 'user_name'");
    std::string name = st.step() ? st.text(0) : std::string();
    st.reset();
    if (!name.empty())
        return name;
    if (const char* env = std::getenv("USER"); env != nullptr && *env != '\0')
        return env;
    if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_name != nullptr)
        return pw->pw_name;
    return "local";
}

void setLocalUserName(sql::Database& db, const std::string& name)
{
    if (name.empty()) {
        db.cached("DELETE FROM meta WHERE key = 'user_name'").run();
        return;
    }
    auto& st = db.cached("INSERT OR REPLACE INTO meta(key, value) VALUES('user_name', ?1)");
    st.bind(1, name).run();
}

std::int64_t nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace stackdeck::store
