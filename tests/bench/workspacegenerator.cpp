#include "workspacegenerator.h"

#include "bench/syntheticcorpus.h"
#include "formats/eventdecoder.h"
#include "importer/eventpreparer.h"
#include "store/eventwriter.h"

namespace stackdeck::bench {

void generateWorkspace(
    sql::Database& db, const GeneratorOptions& options, const std::function<void(std::int64_t done)>& progress)
{
    SyntheticOptions corpusOptions;
    corpusOptions.events = options.events;
    corpusOptions.issues = options.issues;
    corpusOptions.transactionShare = 0;
    corpusOptions.now = options.now;
    SyntheticCorpus corpus(corpusOptions);
    store::EventWriter writer(db);

    PreparedBatch batch;
    std::string json;
    std::int64_t done = 0;
    auto flush = [&] {
        writer.writeBatch(batch);
        done += static_cast<std::int64_t>(batch.events.size());
        batch.clear();
        if (progress)
            progress(done);
    };
    while (corpus.next(json)) {
        auto decoded = decodeEventJson(json);
        if (!decoded)
            continue;
        PrepareOptions prepare;
        prepare.project = "acme-" + decoded->platform;
        prepare.codec = PayloadCodec::Plain;
        PreparedEvent event = prepareEvent(std::move(*decoded), std::string(), std::string(), prepare);
        event.payload = "{}";
        event.rawSize = json.size();
        batch.events.push_back(std::move(event));
        if (static_cast<int>(batch.events.size()) >= options.batch)
            flush();
    }
    if (!batch.empty())
        flush();

    // Triage state the importer never sets, spread deterministically over the issues.
    sql::Transaction tx(db);
    db.exec("UPDATE issues SET status = 1 WHERE id % 5 = 1");
    db.exec("UPDATE issues SET status = 2 WHERE id % 11 = 3");
    db.exec("UPDATE issues SET assignee = 'alice@example.com' WHERE id % 17 = 0");
    db.exec("UPDATE issues SET assignee = 'bob@example.com' WHERE id % 23 = 0 AND assignee IS NULL");
    db.exec("UPDATE issues SET bookmarked = 1 WHERE id % 97 = 0");
    tx.commit();
}

} // namespace stackdeck::bench
