#include "keynames.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace stackdeck::report {

namespace {

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::vector<std::string> wordsOf(std::string_view key)
{
    std::vector<std::string> words;
    std::string cur;
    const auto flush = [&] {
        if (!cur.empty())
            words.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (!isUpper(c) && !isLower(c) && !isDigit(c)) {
            flush();
            continue;
        }
        if (isUpper(c) && !cur.empty()) {
            const char prev = key[i - 1];
            const bool nextLower = i + 1 < key.size() && isLower(key[i + 1]);
            if (isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower))
                flush();
        }
        cur.push_back(isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c);
    }
    flush();
    return words;
}

// Matched anywhere a word starts, or ending where a word ends.
constexpr std::string_view kLongTerms[] {"cookies", "passwords", "secrets", "credentials", "password", "passwd",
    "passphrase", "secret", "token", "authorization", "authentication", "cookie", "session", "apikey", "privatekey",
    "credential", "creditcard", "cardnumber", "ccnumber", "accesskey", "secretkey", "signature", "mysqlpwd", "bearer",
    "iban"};
// What may follow a long term inside one word.
constexpr std::string_view kSuffixes[] {"id", "key", "value", "hash", "string", "data"};
// Whole words only.
constexpr std::string_view kShortTerms[] {"auth", "pwd", "pass", "ssn", "cvv", "cvc", "pin", "jwt", "dsn"};

} // namespace

std::optional<std::string_view> sensitiveKeyTerm(std::string_view key)
{
    if (key.size() > 256)
        return std::nullopt;
    const std::vector<std::string> words = wordsOf(key);
    for (const std::string& w : words) {
        for (std::string_view term : kShortTerms) {
            if (w == term)
                return term;
        }
    }
    // Each word start, with the words after it joined: "api key" -> "apikey".
    // The term ends where a word ends, or before a suffix that keeps its
    // meaning ("sessionid"), not inside another word ("tokens_used").
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string joined;
        std::vector<std::size_t> ends;
        for (std::size_t k = i; k < words.size(); ++k) {
            joined += words[k];
            ends.push_back(joined.size());
        }
        for (std::string_view term : kLongTerms) {
            if (words[i].size() > term.size() && words[i].ends_with(term))
                return term;
            if (!joined.starts_with(term))
                continue;
            const auto end = std::lower_bound(ends.begin(), ends.end(), term.size());
            if (*end == term.size())
                return term;
            const std::string_view rest = std::string_view(joined).substr(term.size(), *end - term.size());
            if (std::find(std::begin(kSuffixes), std::end(kSuffixes), rest) != std::end(kSuffixes))
                return term;
        }
    }
    return std::nullopt;
}

} // namespace stackdeck::report
