#include "valuedetectors.h"

#include "keynames.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <string>

namespace stackdeck::report {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isAlnum(char c)
{
    return isDigit(c) || isUpper(c) || isLower(c);
}
bool isWord(char c)
{
    return isAlnum(c) || c == '_';
}
bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isBase64Url(char c)
{
    return isAlnum(c) || c == '-' || c == '_';
}
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
char lower(char c)
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

char at(std::string_view t, std::size_t i)
{
    return i < t.size() ? t[i] : '\0';
}
char before(std::string_view t, std::size_t i)
{
    return i > 0 ? t[i - 1] : '\0';
}

bool startsWithNoCase(std::string_view t, std::size_t i, std::string_view prefix)
{
    if (t.size() - i < prefix.size())
        return false;
    for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (lower(t[i + k]) != prefix[k])
            return false;
    }
    return true;
}

template <typename Pred> std::size_t runOf(std::string_view t, std::size_t i, Pred pred)
{
    std::size_t j = i;
    while (j < t.size() && pred(t[j]))
        ++j;
    return j - i;
}

using Out = std::vector<ValueMatch>;

// Card numbers: 13-19 digits, single spaces or dashes between them, a
// card-network first digit (2-6) and a passing Luhn check. Not inside a
// longer number, word or dotted version.
void findCards(std::string_view t, Out& out)
{
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!isDigit(t[i]))
            continue;
        const char prev = before(t, i);
        const bool boundary = !isAlnum(prev) && prev != '.';
        std::string digits;
        std::size_t j = i;
        while (j < t.size()) {
            if (isDigit(t[j])) {
                digits.push_back(t[j++]);
            } else if ((t[j] == ' ' || t[j] == '-') && isDigit(at(t, j + 1))) {
                ++j;
            } else {
                break;
            }
        }
        const bool endOk = !isAlnum(at(t, j)) && !(at(t, j) == '.' && isDigit(at(t, j + 1)));
        if (boundary && endOk && digits.size() >= 13 && digits.size() <= 19 && digits[0] >= '2' && digits[0] <= '6'
            && luhnValid(digits))
            out.push_back({"card", i, j - i});
        i = j;
    }
}

bool parseOctet(std::string_view t, std::size_t& j)
{
    const std::size_t n = runOf(t, j, isDigit);
    if (n == 0 || n > 3 || (n > 1 && t[j] == '0'))
        return false;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k)
        v = v * 10 + (t[j + k] - '0');
    j += n;
    return v <= 255;
}

// IPv4: four octets 0-255, not part of a longer dotted string (1.2.3.4.5 or
// 10.2.3.4.1 are versions), and not the loopback or unspecified address.
void findIpv4(std::string_view t, Out& out)
{
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!isDigit(t[i]) || isAlnum(before(t, i)) || before(t, i) == '.') {
            continue;
        }
        std::size_t j = i;
        bool ok = parseOctet(t, j);
        for (int part = 0; ok && part < 3; ++part) {
            ok = at(t, j) == '.' && (++j, parseOctet(t, j));
        }
        const char next = at(t, j);
        if (ok && !isAlnum(next) && !(next == '.' && isAlnum(at(t, j + 1)))) {
            const std::string_view ip = t.substr(i, j - i);
            if (!ip.starts_with("127.") && ip != "0.0.0.0" && ip != "255.255.255.255")
                out.push_back({"ipv4", i, j - i});
        }
        i += runOf(t, i, [](char c) { return isDigit(c) || c == '.'; });
    }
}

void findIpv6(std::string_view t, Out& out)
{
    const auto token = [](char c) { return isHex(c) || c == ':' || c == '.'; };
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!isHex(t[i]) && t[i] != ':')
            continue;
        const std::size_t n = runOf(t, i, token);
        std::size_t len = n;
        while (len > 0 && t[i + len - 1] == '.')
            --len;
        const std::string_view cand = t.substr(i, len);
        const char prev = before(t, i);
        const char next = at(t, i + len);
        if (!isWord(prev) && prev != ':' && !isWord(next) && len <= 45 && std::count(cand.begin(), cand.end(), ':') >= 2
            && cand != "::" && cand != "::1") {
            const std::string s(cand);
            in6_addr addr {};
            if (::inet_pton(AF_INET6, s.c_str(), &addr) == 1)
                out.push_back({"ipv6", i, len});
        }
        i += n - 1;
    }
}

// "scheme://user:password@host": the text before `pos` is a URL's userinfo.
bool inUrlUserinfo(std::string_view t, std::size_t pos)
{
    if (before(t, pos) != ':')
        return false;
    std::size_t j = pos - 1;
    while (j > 0 && t[j - 1] != '/' && !isSpace(t[j - 1]))
        --j;
    return j >= 2 && t[j - 1] == '/' && t[j - 2] == '/';
}

void findEmails(std::string_view t, Out& out)
{
    const auto local = [](char c) { return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
    for (std::size_t at_ = t.find('@'); at_ != std::string_view::npos; at_ = t.find('@', at_ + 1)) {
        std::size_t start = at_;
        while (start > 0 && local(t[start - 1]))
            --start;
        if (start == at_ || t[start] == '.' || before(t, start) == '/' || inUrlUserinfo(t, start))
            continue; // nothing before '@', or the user part of a URL (a DSN's public key)
        std::size_t end = at_ + 1 + runOf(t, at_ + 1, [](char c) { return isAlnum(c) || c == '.' || c == '-'; });
        while (end > at_ + 1 && (t[end - 1] == '.' || t[end - 1] == '-'))
            --end;
        const std::string_view domain = t.substr(at_ + 1, end - at_ - 1);
        const std::size_t dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0 || domain.find("..") != std::string_view::npos)
            continue;
        const std::string_view tld = domain.substr(dot + 1);
        if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), [](char c) { return isUpper(c) || isLower(c); }))
            continue;
        out.push_back({"email", start, end - start});
    }
}

void findJwts(std::string_view t, Out& out)
{
    for (std::size_t i = t.find("eyJ"); i != std::string_view::npos; i = t.find("eyJ", i + 1)) {
        if (isBase64Url(before(t, i)))
            continue;
        std::size_t j = i + runOf(t, i, isBase64Url);
        if (j - i < 10 || at(t, j) != '.' || t.substr(j + 1, 3) != "eyJ")
            continue;
        const std::size_t payload = runOf(t, j + 1, isBase64Url);
        if (payload < 10 || at(t, j + 1 + payload) != '.')
            continue;
        j += 2 + payload;
        j += runOf(t, j, isBase64Url);
        out.push_back({"jwt", i, j - i});
        i = j - 1;
    }
}

// "Bearer TOKEN" and "Basic CREDENTIALS": the credential, not the scheme.
void findAuthSchemes(std::string_view t, Out& out)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> schemes {
        {{"bearer", "bearer"}, {"basic", "basic_auth"}}};
    const auto cred = [](char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (isAlnum(before(t, i)))
            continue;
        for (const auto& [scheme, name] : schemes) {
            if (!startsWithNoCase(t, i, scheme) || at(t, i + scheme.size()) != ' ')
                continue;
            const std::size_t s = i + scheme.size() + runOf(t, i + scheme.size(), [](char c) { return c == ' '; });
            const std::size_t n = runOf(t, s, cred);
            if (n >= 8 && !isAlnum(at(t, s + n)))
                out.push_back({name, s, n});
        }
    }
}

// Tokens with a well-known prefix and a minimal body length.
void findPrefixedTokens(std::string_view t, Out& out)
{
    struct Prefix {
        std::string_view prefix;
        std::string_view detector;
        std::size_t minBody;
        bool underscores;
    };
    static constexpr std::array<Prefix, 16> prefixes {{
        {"ghp_", "github_token", 30, false},
        {"gho_", "github_token", 30, false},
        {"ghu_", "github_token", 30, false},
        {"ghs_", "github_token", 30, false},
        {"ghr_", "github_token", 30, false},
        {"github_pat_", "github_token", 22, true},
        {"xoxb-", "slack_token", 10, false},
        {"xoxp-", "slack_token", 10, false},
        {"xoxa-", "slack_token", 10, false},
        {"xoxr-", "slack_token", 10, false},
        {"xoxs-", "slack_token", 10, false},
        {"sk_live_", "stripe_key", 16, false},
        {"sk_test_", "stripe_key", 16, false},
        {"rk_live_", "stripe_key", 16, false},
        {"rk_test_", "stripe_key", 16, false},
        {"whsec_", "stripe_key", 16, false},
    }};
    for (const Prefix& p : prefixes) {
        for (std::size_t i = t.find(p.prefix); i != std::string_view::npos; i = t.find(p.prefix, i + 1)) {
            if (isAlnum(before(t, i)))
                continue;
            const bool slack = p.detector == "slack_token";
            const std::size_t s = i + p.prefix.size();
            const std::size_t n
                = runOf(t, s, [&](char c) { return isAlnum(c) || (p.underscores && c == '_') || (slack && c == '-'); });
            if (n >= p.minBody)
                out.push_back({p.detector, i, p.prefix.size() + n});
        }
    }
    static constexpr std::string_view hook = "hooks.slack.com/services/";
    for (std::size_t i = t.find(hook); i != std::string_view::npos; i = t.find(hook, i + 1)) {
        const std::size_t s = i + hook.size();
        const std::size_t n = runOf(t, s, [](char c) { return isAlnum(c) || c == '/'; });
        if (n >= 20)
            out.push_back({"slack_token", s, n});
    }
}

void findAws(std::string_view t, Out& out)
{
    static constexpr std::array<std::string_view, 11> idPrefixes {
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"};
    const auto b64 = [](char c) { return isAlnum(c) || c == '/' || c == '+'; };
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!b64(t[i]) || b64(before(t, i)))
            continue;
        const std::size_t n = runOf(t, i, b64);
        const std::string_view tok = t.substr(i, n);
        const char next = at(t, i + n);
        if (n == 20 && !isWord(next)
            && std::any_of(idPrefixes.begin(), idPrefixes.end(), [&](std::string_view p) { return tok.starts_with(p); })
            && std::all_of(tok.begin(), tok.end(), [](char c) { return isUpper(c) || isDigit(c); })) {
            out.push_back({"aws_access_key", i, n});
        } else if (n == 40 && !isWord(next) && next != '=' && std::any_of(tok.begin(), tok.end(), isUpper)
            && std::any_of(tok.begin(), tok.end(), isLower) && std::any_of(tok.begin(), tok.end(), isDigit)
            && !std::all_of(tok.begin(), tok.end(), isHex)) {
            out.push_back({"aws_secret_key", i, n});
        }
        i += n - 1;
    }
}

void findPrivateKeys(std::string_view t, Out& out)
{
    static constexpr std::string_view begin = "-----BEGIN ";
    for (std::size_t i = t.find(begin); i != std::string_view::npos; i = t.find(begin, i + 1)) {
        const std::size_t lineEnd = t.find("-----", i + begin.size());
        if (lineEnd == std::string_view::npos)
            return;
        if (t.substr(i, lineEnd - i).find("PRIVATE KEY") == std::string_view::npos)
            continue;
        const std::size_t end = t.find("-----END ", lineEnd + 5);
        std::size_t stop = t.size();
        if (end != std::string_view::npos) {
            const std::size_t close = t.find("-----", end + 9);
            stop = close == std::string_view::npos ? t.size() : close + 5;
        }
        out.push_back({"private_key", i, stop - i});
        i = stop - 1;
    }
}

// An IBAN as printed (groups of four separated by single spaces) or compact.
void findIbans(std::string_view t, Out& out)
{
    for (std::size_t i = 0; i + 4 < t.size(); ++i) {
        if (!isUpper(t[i]) || !isUpper(t[i + 1]) || !isDigit(t[i + 2]) || !isDigit(t[i + 3]) || isAlnum(before(t, i)))
            continue;
        std::string compact;
        std::size_t j = i;
        while (j < t.size() && compact.size() < 34) {
            if (isUpper(t[j]) || isDigit(t[j]))
                compact.push_back(t[j++]);
            else if (t[j] == ' ' && (isUpper(at(t, j + 1)) || isDigit(at(t, j + 1))) && compact.size() % 4 == 0)
                ++j;
            else
                break;
        }
        while (j > i && t[j - 1] == ' ')
            --j;
        if (compact.size() >= 15 && !isAlnum(at(t, j)) && ibanValid(compact)) {
            out.push_back({"iban", i, j - i});
            i = j;
        }
    }
}

// user:password@host in a URL: the password.
void findUrlPasswords(std::string_view t, Out& out)
{
    for (std::size_t i = t.find("://"); i != std::string_view::npos; i = t.find("://", i + 1)) {
        const std::size_t s = i + 3;
        const std::size_t n = runOf(t, s, [](char c) { return c != '/' && c != '@' && !isSpace(c) && c != '"'; });
        if (at(t, s + n) != '@')
            continue;
        const std::size_t colon = t.substr(s, n).find(':');
        if (colon != std::string_view::npos && colon + 1 < n)
            out.push_back({"url_password", s + colon + 1, n - colon - 1});
    }
}

// key=value and "key": "value" inside free text (query strings, cookies,
// bodies sent as a string, log messages), when the key names a secret.
void findKeyValuesInText(std::string_view t, Out& out)
{
    const auto keyChar = [](char c) { return isAlnum(c) || c == '_' || c == '-' || c == '.'; };
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '=' && t[i] != ':')
            continue;
        std::size_t keyEnd = i;
        if (t[i] == ':' && before(t, keyEnd) == '"')
            --keyEnd;
        std::size_t keyStart = keyEnd;
        while (keyStart > 0 && keyChar(t[keyStart - 1]))
            --keyStart;
        if (keyStart == keyEnd || !sensitiveKeyTerm(t.substr(keyStart, keyEnd - keyStart)))
            continue;
        std::size_t s = i + 1;
        if (t[i] == ':')
            s += runOf(t, s, [](char c) { return c == ' '; });
        const bool quoted = at(t, s) == '"';
        if (quoted)
            ++s;
        const auto valueChar = [&](char c) {
            return quoted ? c != '"' : (c != '&' && c != ';' && c != ',' && !isSpace(c) && c != '"' && c != '\'');
        };
        std::size_t n = runOf(t, s, valueChar);
        // "Authorization: Bearer X": the credential after the scheme.
        for (std::string_view scheme : {"bearer", "basic", "token", "digest"}) {
            if (n == scheme.size() && startsWithNoCase(t, s, scheme) && at(t, s + n) == ' ') {
                s += n + runOf(t, s + n, [](char c) { return c == ' '; });
                n = runOf(t, s, valueChar);
                break;
            }
        }
        const std::string_view value = t.substr(s, n);
        if (n > 0 && value != "[Filtered]" && value.find_first_not_of('*') != std::string_view::npos)
            out.push_back({"key_in_text", s, n});
    }
}

} // namespace

bool luhnValid(std::string_view digits)
{
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (!isDigit(*it))
            return false;
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return !digits.empty() && sum % 10 == 0;
}

bool ibanValid(std::string_view iban)
{
    if (iban.size() < 15 || iban.size() > 34)
        return false;
    int rem = 0;
    const auto feed = [&](char c) {
        if (isDigit(c)) {
            rem = (rem * 10 + (c - '0')) % 97;
        } else if (isUpper(c)) {
            const int v = c - 'A' + 10;
            rem = (rem * 100 + v) % 97;
        }
    };
    for (char c : iban.substr(4))
        feed(c);
    for (char c : iban.substr(0, 4))
        feed(c);
    return rem == 1;
}

const std::vector<std::string_view>& valueDetectorNames()
{
    static const std::vector<std::string_view> names {"card", "email", "ipv4", "ipv6", "iban", "jwt", "bearer",
        "basic_auth", "aws_access_key", "aws_secret_key", "github_token", "slack_token", "stripe_key", "private_key",
        "url_password", "key_in_text"};
    return names;
}

std::vector<ValueMatch> detectValues(std::string_view text)
{
    Out all;
    findPrivateKeys(text, all);
    findJwts(text, all);
    findAuthSchemes(text, all);
    findPrefixedTokens(text, all);
    findAws(text, all);
    findUrlPasswords(text, all);
    findKeyValuesInText(text, all);
    findEmails(text, all);
    findCards(text, all);
    findIbans(text, all);
    findIpv4(text, all);
    findIpv6(text, all);
    // Longest first at each offset, then drop what an earlier match covers.
    std::stable_sort(all.begin(), all.end(), [](const ValueMatch& a, const ValueMatch& b) {
        return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
    });
    Out kept;
    std::size_t coveredTo = 0;
    for (const ValueMatch& m : all) {
        if (!kept.empty() && m.offset + m.length <= coveredTo)
            continue;
        kept.push_back(m);
        coveredTo = std::max(coveredTo, m.offset + m.length);
    }
    return kept;
}

} // namespace stackdeck::report
