package web

import "github.com/gin-gonic/gin"

// mountFormPages mounts the forms that create and edit records.
func (s *Server) mountFormPages(e *gin.Engine) {}
