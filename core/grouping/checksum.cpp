#include "checksum.h"

#include "md5hasher.h"
#include "unicodetext.h"

namespace stackdeck::grouping {

namespace {

bool isHashString(std::string_view s)
{
    if (s.size() != 32)
        return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

GroupingVariant checksumVariant(std::string_view checksum)
{
    GroupingVariant v;
    v.name = "checksum";
    v.type = "checksum";
    v.hash = std::string(checksum);
    v.contributes = true;
    v.checksum = std::string(checksum);
    v.hashInput = {std::string(checksum)};
    return v;
}

} // namespace

std::vector<GroupingVariant> checksumVariants(std::string_view checksum)
{
    if (isHashString(checksum))
        return {checksumVariant(checksum)};
    std::vector<GroupingVariant> out;
    GroupingVariant hashed;
    hashed.name = "hashed-checksum";
    hashed.type = "hashed-checksum";
    const std::string digest = md5Hex(std::initializer_list<std::string_view> {checksum});
    hashed.hash = digest;
    hashed.contributes = true;
    hashed.checksum = digest;
    hashed.rawChecksum = std::string(checksum);
    hashed.hashInput = {std::string(checksum)};
    out.push_back(std::move(hashed));
    if (text::codePointCount(checksum) <= 32)
        out.push_back(checksumVariant(checksum));
    return out;
}

} // namespace stackdeck::grouping
