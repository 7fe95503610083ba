// The workbench's edits as undo commands (QUndoStack: Ctrl+Z / Ctrl+Shift+Z): each one does and undoes
// itself through WhatIf, then calls `done` with the site's id (or -1 when it is gone), so that the map and
// the scorecard follow. Undo puts a deleted site back with its id (WhatIf::restore). A command checks its
// edit when it is made (the site exists, WhatIf::check), so an edit WhatIf would refuse throws before
// QUndoStack::push, not from redo() inside it, and the stack is left as it was (redo() may still throw
// what the recomputation throws: out of memory, a GEOS failure).
#pragma once

#include "core/proposal.h"
#include "core/whatif.h"

#include <QUndoCommand>

#include <functional>
#include <optional>

namespace hcgis::viewer {

/// Told after every do and undo: the id of the site edited, -1 when it is no longer proposed.
using EditDone = std::function<void(int id)>;

class AddSiteCommand : public QUndoCommand {
public:
    AddSiteCommand(WhatIf& whatif, ProposedSite site, EditDone done, const QString& text);
    void redo() override;
    void undo() override;
    /// The id WhatIf gave the site (0 before the first redo()).
    int id() const { return site_.id; }

private:
    WhatIf& whatif_;
    ProposedSite site_;
    EditDone done_;
    bool added_ = false;  // the first redo() adds; later ones restore with the same id
};

class MoveSiteCommand : public QUndoCommand {
public:
    MoveSiteCommand(WhatIf& whatif, int id, double x, double y, EditDone done, const QString& text);
    void redo() override;
    void undo() override;

private:
    WhatIf& whatif_;
    int id_;
    double from_x_, from_y_, to_x_, to_y_;
    EditDone done_;
};

class RemoveSiteCommand : public QUndoCommand {
public:
    RemoveSiteCommand(WhatIf& whatif, int id, EditDone done, const QString& text);
    void redo() override;
    void undo() override;

private:
    WhatIf& whatif_;
    ProposedSite site_;
    EditDone done_;
};

class SetClassCommand : public QUndoCommand {
public:
    SetClassCommand(WhatIf& whatif, int id, std::optional<double> cls, EditDone done, const QString& text);
    void redo() override;
    void undo() override;

private:
    WhatIf& whatif_;
    int id_;
    std::optional<double> before_, after_;
    EditDone done_;
};

}  // namespace hcgis::viewer
