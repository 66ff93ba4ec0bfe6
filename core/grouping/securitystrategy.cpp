#include "securitystrategy.h"

#include <array>

namespace stackdeck::grouping {

namespace {

constexpr std::string_view kLocal = "'self'";

// urllib.parse.uses_netloc: schemes that urlunsplit writes with "//".
constexpr std::array<std::string_view, 25> kUsesNetloc = {
    "",
    "ftp",
    "http",
    "gopher",
    "nntp",
    "telnet",
    "imap",
    "wais",
    "file",
    "mms",
    "https",
    "shttp",
    "snews",
    "prospero",
    "rtsp",
    "rtspu",
    "rsync",
    "svn",
    "svn+ssh",
    "sftp",
    "nfs",
    "git",
    "git+ssh",
    "ws",
    "wss",
};

bool isSchemeChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-'
        || c == '.';
}

std::string unsplit(std::string_view scheme, std::string_view netloc)
{
    std::string url;
    bool netlocScheme = false;
    for (auto s : kUsesNetloc)
        netlocScheme = netlocScheme || (!scheme.empty() && s == scheme);
    if (!netloc.empty() || netlocScheme)
        url = "//" + std::string(netloc);
    if (!scheme.empty())
        url = std::string(scheme) + ":" + url;
    return url;
}

VariantComponents hostnameReport(
    GroupingContext& ctx, const std::optional<HostnameReport>& report, std::string_view name)
{
    if (!report)
        return {};
    ComponentTree& tree = ctx.tree;
    const auto salt = tree.leaf("salt", name);
    tree.setHint(salt, "a static salt");
    const auto host = tree.leaf(
        "hostname", report->hostname.empty() ? std::string_view("None") : std::string_view(report->hostname));
    VariantComponents out;
    out.add(kDefault, tree.node(name, {salt, host}));
    return out;
}

} // namespace

std::string normalizeCspUri(std::string_view value)
{
    if (value.empty() || value == kLocal || value == "self")
        return std::string(kLocal);
    const auto colon = value.find(':');
    if (colon == std::string_view::npos)
        return unsplit(value, {});
    std::string scheme;
    std::string_view rest = value;
    const auto first = static_cast<unsigned char>(value[0]);
    bool validScheme = colon > 0 && first < 0x80 && ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'));
    for (std::size_t i = 0; validScheme && i < colon; ++i)
        validScheme = isSchemeChar(value[i]);
    if (validScheme) {
        scheme = std::string(value.substr(0, colon));
        for (char& c : scheme) {
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + 32);
        }
        rest = value.substr(colon + 1);
    }
    std::string_view netloc;
    if (rest.substr(0, 2) == "//") {
        const auto end = rest.find_first_of("/?#", 2);
        netloc = rest.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    }
    if (scheme == "http" || scheme == "https")
        return std::string(netloc);
    return unsplit(scheme, netloc);
}

VariantComponents cspStrategy(GroupingContext& ctx)
{
    const auto& csp = ctx.event.csp;
    if (!csp)
        return {};
    ComponentTree& tree = ctx.tree;
    const std::string_view blocked = tree.store(normalizeCspUri(csp->blockedUri));
    std::string_view violationType;
    if (!csp->violatedDirective.empty() && csp->effectiveDirective == "script-src" && blocked == kLocal) {
        if (csp->violatedDirective.find("'unsafe-inline'") != std::string::npos)
            violationType = "'unsafe-inline'";
        else if (csp->violatedDirective.find("'unsafe-eval'") != std::string::npos)
            violationType = "'unsafe-eval'";
    }
    ComponentTree::NodeId violation;
    const auto uri = tree.leaf("uri", blocked);
    if (!violationType.empty()) {
        violation = tree.leaf("violation", violationType);
        tree.update(uri, false, "violation takes precedence");
    } else {
        violation = tree.empty("violation");
        tree.setHint(violation, "not a local script violation");
    }
    const auto salt = tree.leaf(
        "salt", csp->effectiveDirective.empty() ? std::string_view("None") : std::string_view(csp->effectiveDirective));
    tree.setHint(salt, "a static salt");
    VariantComponents out;
    out.add(kDefault, tree.node("csp", {salt, violation, uri}));
    return out;
}

VariantComponents hpkpStrategy(GroupingContext& ctx)
{
    return hostnameReport(ctx, ctx.event.hpkp, "hpkp");
}
VariantComponents expectStapleStrategy(GroupingContext& ctx)
{
    return hostnameReport(ctx, ctx.event.expectStaple, "expect-staple");
}
VariantComponents expectCtStrategy(GroupingContext& ctx)
{
    return hostnameReport(ctx, ctx.event.expectCt, "expect-ct");
}

} // namespace stackdeck::grouping
