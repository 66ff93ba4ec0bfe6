#include "groupingrules.h"

namespace stackdeck::store {

std::optional<StoredGroupingRules> readGroupingRules(sql::Database& db, const std::string& project)
{
    sql::Statement st(db,
        "SELECT coalesce(grouping_enhancements, ''), coalesce(fingerprint_rules, '') FROM projects WHERE name = ?1");
    st.bind(1, project);
    if (!st.step())
        return std::nullopt;
    return StoredGroupingRules {project, st.text(0), st.text(1)};
}

std::vector<StoredGroupingRules> projectsWithGroupingRules(sql::Database& db)
{
    std::vector<StoredGroupingRules> out;
    sql::Statement st(db,
        "SELECT name, coalesce(grouping_enhancements, ''), coalesce(fingerprint_rules, '') FROM projects "
        "WHERE coalesce(grouping_enhancements, '') != '' OR coalesce(fingerprint_rules, '') != ''");
    while (st.step())
        out.push_back(StoredGroupingRules {st.text(0), st.text(1), st.text(2)});
    return out;
}

bool writeGroupingRules(sql::Database& db, const StoredGroupingRules& rules)
{
    sql::Statement st(db,
        "UPDATE projects SET grouping_enhancements = nullif(?2, ''), fingerprint_rules = nullif(?3, '') "
        "WHERE name = ?1");
    st.bind(1, rules.project).bind(2, rules.enhancements).bind(3, rules.fingerprintRules).run();
    return db.changes() > 0;
}

} // namespace stackdeck::store
