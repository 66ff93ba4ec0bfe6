#pragma once

#include <QWidget>

#include <cstdint>
#include <memory>
#include <string>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ui {

class KeptItemModel;

// The items the local endpoint kept in the workspace (not interpreted, or
// refused with a reason): their list, read from the workspace on a worker
// thread (so it survives a restart), and the selected item's bytes as the
// envelope inspector shows payloads (JSON pretty-printed, text as text,
// anything else in hex). Plain text throughout: it is what a client sent.
class KeptItemsView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kListed = 500; // the newest this many

    explicit KeptItemsView(QWidget* parent = nullptr);

    // The workspace to read; null empties the list.
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // Reads the list again (keeping the selected item when it is still listed).
    void refresh();
    bool isLoading() const { return m_pendingList > 0 || m_pendingData > 0; }

    KeptItemModel* model() const { return m_model; }
    QTableView* tableView() const { return m_table; }
    QPlainTextEdit* payloadView() const { return m_payload; }
    QString payloadCaption() const;
    void selectRow(int row);
    void selectItem(std::int64_t id);

Q_SIGNALS:
    void loaded(); // the list was read
    void payloadShown(); // the selected item's bytes (or why not) are shown

private:
    void showCurrent();
    void showBytes(const std::string& bytes);
    std::shared_ptr<store::WorkspaceSession> m_session;
    KeptItemModel* m_model;
    QTableView* m_table;
    QLabel* m_empty;
    QLabel* m_caption;
    QPlainTextEdit* m_payload;
    QPushButton* m_showAll;
    std::int64_t m_shownId = 0;
    std::int64_t m_listJob = 0;
    std::int64_t m_dataJob = 0;
    int m_pendingList = 0;
    int m_pendingData = 0;
};

} // namespace stackdeck::ui
