package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// backup answers GET /api/v1/backup with a backup file of the whole store,
// as `cooptrack backup` writes it. Admins only (see access.go): the file
// holds every user's password hash. It is streamed as the store is read;
// should the store fail midway, the status is sent already, but the file
// then lacks its trailer, and restore refuses it as cut short.
func (s *Server) backup(c *gin.Context) {
	if s.stores.Backup == nil {
		writeError(c, domain.Errorf(domain.ENOTFOUND, "this server makes no backups"))
		return
	}
	name := "cooptrack-" + s.Now().UTC().Format("2006-01-02T150405Z") + ".backup"
	c.Header("Content-Type", "application/gzip")
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if err := s.stores.Backup(c.Request.Context(), c.Writer); err != nil {
		downloadFailed(c, "backup failed midway: the client has a file without its trailer, which restore refuses", err)
	}
}
