#include "groupingbridge.h"

#include "util/hashing.h"

namespace stackdeck {

// Interim implementation until core/grouping lands: the server's hashes when
// present, else a hash of exception types and in-app frames.
std::vector<std::string> groupingHashes(const Event& event)
{
    if (!event.hashes.empty())
        return event.hashes;
    std::string input;
    for (const auto& ex : event.exceptions) {
        input += ex.type;
        if (ex.stacktrace) {
            for (const auto& f : ex.stacktrace->frames) {
                if (f.inApp.value_or(false))
                    input += f.module + f.function;
            }
        }
    }
    if (input.empty() && event.logentry)
        input = event.logentry->message.empty() ? event.logentry->formatted : event.logentry->message;
    return {md5Hex(input)};
}

EventSummary summarizeEvent(const Event& event)
{
    EventSummary s;
    if (!event.title.empty()) {
        s.title = event.title;
    } else if (event.isTransactionLike()) {
        s.title = event.transaction;
    } else if (const auto* ex = event.reportedException()) {
        s.title = ex->type.empty() ? std::string("Error") : ex->type;
        if (!ex->value.empty())
            s.title += ": " + ex->value.substr(0, ex->value.find('\n')).substr(0, 100);
    } else if (event.logentry) {
        const std::string& text = event.logentry->displayText();
        s.title = text.substr(0, text.find('\n')).substr(0, 100);
    }
    if (s.title.empty())
        s.title = "<unlabeled event>";
    s.culprit = !event.culprit.empty() ? event.culprit : event.transaction;
    return s;
}

} // namespace stackdeck
