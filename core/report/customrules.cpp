#include "customrules.h"

#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <cctype>

namespace stackdeck::report {

struct CustomRules::Compiled {
    const store::RedactionRule* rule = nullptr;
    QRegularExpression re;
};

CustomRules::CustomRules() = default;
CustomRules::~CustomRules() = default;
CustomRules::CustomRules(CustomRules&&) noexcept = default;
CustomRules& CustomRules::operator=(CustomRules&&) noexcept = default;

Result<CustomRules> CustomRules::compile(const std::vector<store::RedactionRule>& rules)
{
    CustomRules out;
    out.m_rules = rules;
    for (const store::RedactionRule& r : out.m_rules) {
        if (r.kind != store::RedactionRule::Kind::Regex)
            continue;
        auto c = std::make_unique<Compiled>();
        c->rule = &r;
        c->re = QRegularExpression(QString::fromStdString(r.pattern), QRegularExpression::DontCaptureOption);
        if (!c->re.isValid()) {
            return Error {"redaction rule '" + r.name + "': " + c->re.errorString().toStdString() + " at offset "
                + std::to_string(c->re.patternErrorOffset())};
        }
        c->re.optimize();
        out.m_regexes.push_back(std::move(c));
    }
    return out;
}

bool CustomRules::empty() const
{
    return m_rules.empty();
}

const store::RedactionRule* CustomRules::keyRule(std::string_view key) const
{
    const auto lowered = [](std::string_view s) {
        std::string l(s);
        std::transform(
            l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return l;
    };
    const std::string k = lowered(key);
    for (const store::RedactionRule& r : m_rules) {
        if (r.kind == store::RedactionRule::Kind::Key && k.find(lowered(r.pattern)) != std::string::npos)
            return &r;
    }
    return nullptr;
}

std::vector<CustomRules::Span> CustomRules::regexMatches(std::string_view text) const
{
    std::vector<Span> out;
    if (m_regexes.empty())
        return out;
    // Offsets come back in UTF-16 units; matching the UTF-8 prefix lengths
    // keeps the spans in the bytes the rest of the scanner uses.
    const QString s = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    for (const auto& c : m_regexes) {
        auto it = c->re.globalMatch(s);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength() == 0)
                continue;
            const auto start = static_cast<std::size_t>(s.left(m.capturedStart()).toUtf8().size());
            const auto len = static_cast<std::size_t>(m.captured().toUtf8().size());
            out.push_back({c->rule, start, len});
        }
    }
    return out;
}

} // namespace stackdeck::report
