#pragma once

#include "eventpane.h"
#include "itemmodels/nodetreemodel.h"

class QLabel;
class QTreeView;
class QPlainTextEdit;
class QPushButton;

namespace stackdeck::ui {

class FindBar;

// The HTTP request: method and URL, query, headers, cookies, form data as a
// table, a JSON or raw body as text, the server env; "Copy as curl".
class RequestPane : public EventPane {
    Q_OBJECT
public:
    explicit RequestPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("request"); }
    QString title() const override { return QStringLiteral("Request"); }
    bool hasContent(const LoadedEvent& event) const override { return event.event.request.has_value(); }
    void populate(const LoadedEvent& event) override;
    void activateFind() override;

    QString curlText() const; // built on demand: bodies can be megabytes
    QString urlLine() const;
    QPlainTextEdit* bodyView() const { return m_body; }
    NodeTreeModel* model() const { return m_model; }
    QPushButton* curlButton() const { return m_copyCurl; }

private:
    // The body as text (shown, true) or as the "Form data" section of `root`.
    bool populateBody(const Request& r, TreeNode& root, const nlohmann::ordered_json* bodyMeta);

    QLabel* m_url;
    QPushButton* m_copyCurl;
    NodeTreeModel* m_model;
    QTreeView* m_tree;
    QLabel* m_bodyLabel;
    QPlainTextEdit* m_body;
    QPushButton* m_showAll;
    FindBar* m_find;
    const Request* m_request = nullptr; // owned by the event the view keeps alive
    mutable QString m_curl;
};

} // namespace stackdeck::ui
