#include "grouping.h"

#include "checksum.h"
#include "fingerprinting.h"
#include "md5hasher.h"
#include "rulecache.h"
#include "variants.h"

#include <algorithm>

namespace stackdeck::grouping {

namespace {

constexpr std::string_view kFallbackHash = "d41d8cd98f00b204e9800998ecf8427e";

// Scratch state reused by every computation on a thread, so grouping an
// event allocates little beyond its result.
struct Workspace {
    ComponentTree tree;
    NormalizedStacktraces stacktraces;
};
Workspace& workspace()
{
    thread_local Workspace ws;
    return ws;
}

MatchedFingerprintRule describe(const FingerprintRule& rule)
{
    MatchedFingerprintRule m;
    m.text = rule.text();
    for (const auto& matcher : rule.matchers)
        m.matchers.emplace_back((matcher.negated ? "!" : "") + matcher.key, matcher.pattern);
    m.fingerprint = rule.fingerprint;
    m.title = rule.title;
    m.isBuiltin = rule.builtin;
    return m;
}

void fillDetails(GroupingVariant& v, const ComponentTree& tree, ComponentTree::NodeId root, bool details)
{
    if (!details)
        return;
    v.component = tree.toComponent(root);
    if (v.contributes)
        tree.collectContributingLeaves(root, v.hashInput);
}

std::vector<std::string> sortedHashes(const std::vector<GroupingVariant>& variants)
{
    std::vector<const GroupingVariant*> order;
    order.reserve(variants.size());
    for (const auto& v : variants)
        order.push_back(&v);
    std::stable_partition(order.begin(), order.end(), [](const GroupingVariant* v) { return v->name != kSystem; });
    std::vector<std::string> hashes;
    for (const auto* v : order) {
        if (v->hash && std::find(hashes.begin(), hashes.end(), *v->hash) == hashes.end())
            hashes.push_back(*v->hash);
    }
    return hashes;
}

} // namespace

const std::string& GroupingResult::primaryHash() const
{
    static const std::string none;
    return hashes.empty() ? none : hashes.front();
}

const GroupingVariant* GroupingResult::variant(std::string_view name) const
{
    for (const auto& v : variants) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

Status prepareGroupingConfig(GroupingConfig& config)
{
    if (!config.customEnhancements && !config.enhancements.empty()) {
        auto r = cachedEnhancements(config.builtInEnhancements, config.enhancements);
        if (!r.ok())
            return Error {"stack trace rules: " + r.error().toString()};
        config.customEnhancements = r.value();
    }
    if (!config.customFingerprintRules && !config.fingerprintRules.empty()) {
        auto r = cachedFingerprintRules(config.fingerprintRules);
        if (!r.ok())
            return Error {"fingerprint rules: " + r.error().toString()};
        config.customFingerprintRules = r.value();
    }
    return Ok {};
}

namespace {

// §11: the client's fingerprint, else the first project rule that matches,
// else the built-in base rules; a matched rule's title goes to the result.
std::vector<std::string> resolveFingerprint(GroupingContext& ctx, const FingerprintRules* projectRules,
    const GroupingConfig& config, FingerprintInfo& info, GroupingResult& result)
{
    std::vector<std::string> fingerprint = ctx.event.fingerprint;
    if (!fingerprint.empty() && !(fingerprint.size() == 1 && isDefaultFingerprintVariable(fingerprint[0])))
        info.clientFingerprint = fingerprint;
    if (fingerprint.empty())
        fingerprint.emplace_back(kDefaultFingerprintVariable);
    const FingerprintRule* matched = projectRules ? projectRules->match(ctx) : nullptr;
    if (!matched && config.builtInFingerprintRules)
        matched = FingerprintRules::builtinJavascript()->match(ctx);
    if (matched) {
        fingerprint = matched->fingerprint;
        info.matchedRule = describe(*matched);
        result.title = matched->title;
    }
    return fingerprint;
}

// No default variable in the fingerprint: the components are shown but do
// not contribute; the fingerprint's values are the one hash.
void addCustomFingerprintVariants(GroupingContext& ctx, const std::vector<ComponentVariant>& components,
    const std::vector<std::string>& fingerprint, const FingerprintInfo& info, bool withDetails, GroupingResult& result)
{
    ComponentTree& tree = ctx.tree;
    for (const auto& cv : components) {
        tree.update(cv.root, false, "custom fingerprint takes precedence");
        GroupingVariant v;
        v.name = std::string(cv.name);
        v.type = "component";
        v.hint = std::string(tree.at(cv.root).hint);
        fillDetails(v, tree, cv.root, withDetails);
        result.variants.push_back(std::move(v));
    }
    GroupingVariant custom;
    custom.values = resolveFingerprintValues(fingerprint, ctx);
    const bool builtin = info.matchedRule && info.matchedRule->isBuiltin;
    custom.name = builtin ? "built-in-fingerprint" : "custom-fingerprint";
    custom.type = custom.name;
    custom.contributes = true;
    custom.hash = md5Hex(custom.values);
    custom.hashInput = custom.values;
    custom.info = info;
    result.variants.push_back(std::move(custom));
}

// The fingerprint is just {{ default }}: each component variant is a hash.
void addComponentVariants(const ComponentTree& tree, const std::vector<ComponentVariant>& components, bool withDetails,
    GroupingResult& result)
{
    for (const auto& cv : components) {
        GroupingVariant v;
        v.name = std::string(cv.name);
        v.type = "component";
        v.contributes = tree.at(cv.root).contributes;
        v.hint = std::string(tree.at(cv.root).hint);
        if (v.contributes)
            v.hash = tree.hash(cv.root);
        fillDetails(v, tree, cv.root, withDetails);
        result.variants.push_back(std::move(v));
    }
}

// {{ default }} among other values: each component salted with them.
void addSaltedVariants(GroupingContext& ctx, const std::vector<ComponentVariant>& components,
    const std::vector<std::string>& fingerprint, const FingerprintInfo& info, bool withDetails, GroupingResult& result)
{
    const ComponentTree& tree = ctx.tree;
    const std::vector<std::string> values = resolveFingerprintValues(fingerprint, ctx);
    for (const auto& cv : components) {
        GroupingVariant v;
        v.name = std::string(cv.name);
        v.type = "salted-component";
        v.contributes = tree.at(cv.root).contributes;
        v.hint = std::string(tree.at(cv.root).hint);
        v.fingerprint = fingerprint;
        v.info = info;
        if (v.contributes) {
            std::vector<std::string> input;
            for (const auto& value : values) {
                if (isDefaultFingerprintVariable(value))
                    tree.collectContributingLeaves(cv.root, input);
                else
                    input.push_back(value);
            }
            v.hash = md5Hex(input);
            if (withDetails)
                v.hashInput = std::move(input);
        }
        if (withDetails)
            v.component = tree.toComponent(cv.root);
        result.variants.push_back(std::move(v));
    }
}

void addFallbackUnlessAnyContributes(GroupingResult& result)
{
    const bool anyContributes
        = std::any_of(result.variants.begin(), result.variants.end(), [](const auto& v) { return v.contributes; });
    if (anyContributes)
        return;
    GroupingVariant fallback;
    fallback.name = "fallback";
    fallback.type = "fallback";
    fallback.contributes = true;
    fallback.hash = std::string(kFallbackHash);
    result.variants.push_back(std::move(fallback));
}

} // namespace

GroupingResult computeGroupingThen(const Event& event, const GroupingConfig& config,
    const std::function<void(GroupingContext&, const GroupingResult&)>& then)
{
    GroupingResult result;
    const std::shared_ptr<const Enhancements> enhancements = resolveEnhancements(config, result.configErrors);
    const std::shared_ptr<const FingerprintRules> projectRules = resolveFingerprintRules(config, result.configErrors);

    Workspace& ws = workspace();
    ws.tree.clear();
    normalizeStacktraces(event, *enhancements, ws.tree, ws.stacktraces);
    GroupingContext ctx {event, *enhancements, ws.tree, ws.stacktraces};
    ctx.withDetails = config.withDetails;

    FingerprintInfo info;
    const std::vector<std::string> fingerprint = resolveFingerprint(ctx, projectRules.get(), config, info, result);

    if (!event.checksum.empty()) {
        result.variants = checksumVariants(event.checksum);
        result.hashes = sortedHashes(result.variants);
    } else {
        const std::vector<ComponentVariant> components = computeComponentVariants(ctx);
        result.mainException = ctx.mainException;
        std::size_t defaults = 0;
        for (const auto& f : fingerprint)
            defaults += isDefaultFingerprintVariable(f) ? 1 : 0;

        if (defaults == 0)
            addCustomFingerprintVariants(ctx, components, fingerprint, info, config.withDetails, result);
        else if (defaults == 1 && fingerprint.size() == 1)
            addComponentVariants(ws.tree, components, config.withDetails, result);
        else
            addSaltedVariants(ctx, components, fingerprint, info, config.withDetails, result);
        addFallbackUnlessAnyContributes(result);
        result.hashes = sortedHashes(result.variants);
    }
    if (then)
        then(ctx, result);
    return result;
}

GroupingResult computeGrouping(const Event& event, const GroupingConfig& config)
{
    return computeGroupingThen(event, config, {});
}

std::vector<std::string> storageHashes(const Event& event, const GroupingConfig& config)
{
    if (!event.hashes.empty())
        return event.hashes;
    GroupingConfig fast = config;
    fast.withDetails = false;
    return computeGrouping(event, fast).hashes;
}

} // namespace stackdeck::grouping
